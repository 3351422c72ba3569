"""The search index follows every write: saves, publishing, relinks, deletes, CSV imports and
their reverts, and the bulk loads that rebuild it. Checked through the search readers use."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from imports.batches import batch_revert
from imports.models import ImportBatch
from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Challenge, SearchEntry, SearchTerm
from timeline.search import search_entries

pytestmark = pytest.mark.django_db

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"


def found(query: str) -> list[str]:
    return [
        hit.title.replace("<mark>", "").replace("</mark>", "")
        for hit in search_entries(query, limit=50).hits
    ]


def test_a_draft_is_found_once_published_and_not_after_unpublishing():
    event = make_event(title="Borealis pilot line", published=False)
    assert found("borealis") == []
    event.published = True
    event.save()
    assert found("borealis") == ["Borealis pilot line"]
    event.published = False
    event.save()
    assert found("borealis") == []


def test_an_edited_title_is_found_by_its_new_words_only():
    event = make_event(title="Aurora cell plant")
    event.title = "Zenith cell plant"
    event.save()
    assert found("aurora") == [] and found("zenith") == ["Zenith cell plant"]


def test_renaming_a_company_renames_it_in_its_events():
    company = make_company(name="Kestrel Batteries")
    make_event(companies=[company], title="First cells shipped")
    company.name = "Falcon Batteries"
    company.save()
    assert "First cells shipped" in found("falcon shipped")
    assert found("kestrel shipped") == []


def test_linking_a_company_to_an_event_makes_the_event_findable_by_its_name():
    event = make_event(title="Sample cells delivered")
    event.companies.add(make_company(name="Osprey Energy"))
    assert "Sample cells delivered" in found("osprey delivered")
    event.companies.clear()
    assert found("osprey delivered") == []


def test_a_deleted_entry_is_gone():
    event = make_event(title="Halcyon demo fleet")
    challenge = Challenge.objects.create(slug="halcyon", title="Halcyon problem", summary="x")
    event.delete()
    challenge.delete()
    assert found("halcyon") == []


def test_deleting_the_replacing_target_makes_the_old_one_live_again():
    old = make_event(title="Meridian target", kind="target", date="2025")
    new = make_event(title="Meridian target, moved", kind="target", date="2027", supersedes=old)
    assert found("meridian") == ["Meridian target, moved"]
    new.delete()
    assert found("meridian") == ["Meridian target"]


def test_a_source_follows_what_cites_it():
    source = make_source(title="Cobalt-free cathode study")
    company = make_company(published=False)
    company.sources.add(source)
    assert found("cathode study") == []
    company.published = True
    company.save()
    assert found("cathode study") == ["Cobalt-free cathode study"]
    company.sources.remove(source)
    assert found("cathode study") == []
    partnership = make_partnership()
    partnership.sources.add(source)
    assert found("cathode study") == ["Cobalt-free cathode study"]
    partnership.delete()
    assert found("cathode study") == []


def test_a_csv_import_and_its_revert_keep_the_index(snapshot, editor):
    call_command("import_csv", "events", str(UPDATES / "events.csv"), "--user", "editor")
    assert "Example target for Factorial Energy and Mercedes-Benz (update file demo)" in found(
        "example factorial demo"
    )
    batch_revert(batch=ImportBatch.objects.get(), user=editor)
    assert found("example factorial demo") == []


def test_the_rebuild_command_restores_a_lost_index(snapshot):
    SearchEntry.objects.all().delete()
    SearchTerm.objects.all().delete()
    assert found("quantumscape") == []
    call_command("rebuild_search_index", verbosity=0)
    assert "QuantumScape" in found("quantumscape")
    assert "QuantumScape" in found("quantumscpae")  # the vocabulary is back too


def test_synthetic_data_is_indexed_and_removed_again(snapshot):
    call_command("seed_synthetic", "--companies", "3", "--events", "12", "--draft-share", "0")
    assert len(found("synthetic event")) == 12
    call_command("seed_synthetic", "--remove")
    assert found("synthetic event") == []
    assert "QuantumScape" in found("quantumscape")


def test_the_vocabulary_holds_public_words_only():
    make_company(name="Visible Ventures", summary="Public words.")
    make_company(name="Hidden Holdings", summary="Secret words.", published=False)
    terms = set(SearchTerm.objects.values_list("term", flat=True))
    assert {"visible", "ventures", "public"} <= terms
    assert not {"hidden", "holdings", "secret"} & terms
