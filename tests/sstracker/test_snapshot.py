"""The seeded snapshot as content: everything in it, nothing invented, every source cited."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from companies.models import Company, Partnership, Source
from timeline.models import Briefing, Challenge, Event, Horizon

pytestmark = pytest.mark.django_db


def test_snapshot_holds_every_entry_of_the_seed(snapshot):
    assert Source.objects.count() == 6
    assert Company.objects.count() == 12
    assert Partnership.objects.count() == 6
    assert Event.objects.count() == 10
    assert Horizon.objects.count() == 4
    assert Challenge.objects.count() == 5
    assert Briefing.objects.count() == 2


def test_every_company_of_the_seed_is_there_with_its_role(snapshot):
    roles = dict(Company.objects.values_list("name", "role"))
    developers = [
        "Samsung SDI",
        "CATL",
        "QuantumScape",
        "Factorial Energy",
        "Solid Power",
        "WeLion",
    ]
    for name in developers:
        assert roles[name] == "cell_developer"
    for name in ["Mercedes-Benz", "Stellantis", "BMW", "Ford", "NIO"]:
        assert roles[name] == "automaker"
    assert roles["Volkswagen / PowerCo"] == "industrialiser"


def test_quantumscape_b_sample_began_oct_2024_citing_electrive(snapshot):
    event = Event.objects.get(slug="quantumscape-qse-5-b-sample-production")
    assert str(event.date) == "Oct 2024"
    assert event.stage == "b_sample"
    assert event.kind == "milestone"
    assert [s.publisher for s in event.sources.all()] == ["Electrive"]


def test_bmw_tests_solid_power_cells_in_an_i7(snapshot):
    event = Event.objects.get(slug="bmw-solid-power-i7-test-vehicle")
    assert "i7" in event.title
    assert set(event.companies.values_list("slug", flat=True)) == {"bmw", "solid-power"}
    assert str(event.date) == "May 2025"
    assert event.sources.get().url.startswith("https://www.bmwgroup.com/")


def test_stellantis_targets_a_demo_fleet_in_2026(snapshot):
    event = Event.objects.get(slug="stellantis-factorial-demo-fleet")
    assert (event.kind, event.stage, event.status) == ("target", "demo_fleet", "announced")
    assert str(event.date) == "2026"
    assert str(event.announced) == "Apr 2025"


def test_samsung_sdi_and_catl_target_2027(snapshot):
    targets = Event.objects.targets().filter(date_start__year=2027, date_end__year=2027)
    assert {c.slug for e in targets for c in e.companies.all()} == {"samsung-sdi", "catl"}


def test_ford_is_solid_powers_ended_partner(snapshot):
    partnership = Partnership.objects.get(developer__slug="solid-power", partner__slug="ford")
    assert partnership.status == "ended"


def test_nio_welion_pack_is_semi_solid(snapshot):
    event = Event.objects.get(slug="nio-welion-semi-solid-pack-deployment")
    assert event.chemistry == "semi_solid"
    assert str(event.date) == "mid-2024"


def test_typo_fatorial_is_fixed(snapshot):
    texts = [h.summary for h in Horizon.objects.all()] + [e.summary for e in Event.objects.all()]
    assert not any("Fatorial" in text for text in texts)
    assert "Factorial" in Horizon.objects.get(slug="2026").summary


def test_every_source_is_cited_by_a_claim(snapshot):
    for source in Source.objects.all():
        cited = source.companies.exists() or source.events.exists() or source.partnerships.exists()
        assert cited, source.url


def test_bottom_line_and_nuance_are_there(snapshot):
    assert "~2027 or later" in Briefing.objects.get(slug="bottom-line").body
    assert "semi-solid" in Briefing.objects.get(slug="semi-solid-nuance").body


def test_loading_twice_duplicates_nothing_and_keeps_edits(snapshot):
    company = Company.objects.get(slug="catl")
    company.summary = "Edited by an editor."
    company.save()
    Event.objects.get(slug="catl-small-batch-production").delete()

    out = io.StringIO()
    call_command("load_snapshot", stdout=out)

    assert "created nothing" in out.getvalue()
    assert Company.objects.count() == 12
    assert Company.objects.get(slug="catl").summary == "Edited by an editor."
    assert not Event.objects.filter(slug="catl-small-batch-production").exists()


def test_loading_records_history(snapshot):
    company = Company.objects.get(slug="quantumscape")
    assert company.history.first().history_change_reason == "Loaded from the seeded snapshot"


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_snapshot", stdout=out, **options)
    return out.getvalue()


def earlier_snapshot(tmp_path, changes: dict) -> Path:
    """The snapshot as an earlier release had it: `changes` maps (model, key) to fields."""
    entries = json.loads((Path(settings.BASE_DIR) / "fixtures" / "snapshot.json").read_text())
    for entry in entries:
        fields = entry["fields"]
        key = fields.get("slug") or fields.get("url")
        fields.update(changes.get((entry["model"], key), {}))
    path = tmp_path / "earlier.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_a_database_loaded_from_an_earlier_snapshot_takes_its_corrections(db, tmp_path):
    bmw_source = "https://www.bmwgroup.com/en/news/general/2025/solid-state-battery-cell.html"
    earlier = earlier_snapshot(
        tmp_path,
        {
            ("timeline.event", "bmw-broader-commercialisation"): {"stage": "mass_production"},
            ("companies.company", "catl"): {"electrolyte": "undisclosed"},
            ("companies.company", "factorial-energy"): {"electrolyte": "undisclosed"},
            ("companies.source", bmw_source): {"title": "BMW Group: Solid Power cells in an i7"},
        },
    )
    load(file=earlier)
    factorial = Company.objects.get(slug="factorial-energy")
    factorial.electrolyte = "sulfide"  # an editor's change, with a source of their own
    factorial.save()

    out = load()

    assert "corrected 1 sources, 1 companies, 1 events" in out
    assert Event.objects.get(slug="bmw-broader-commercialisation").stage == ""
    assert Company.objects.get(slug="catl").electrolyte == ""
    assert Company.objects.get(slug="factorial-energy").electrolyte == "sulfide"
    assert Source.objects.get(url=bmw_source).title == (
        "BMW press release (Solid Power i7 test vehicle, May 2025)"
    )
    latest = Event.objects.get(slug="bmw-broader-commercialisation").history.first()
    assert latest.history_change_reason == "Corrected from the seeded snapshot"
    assert "corrected nothing" in load()


def test_the_pages_say_not_stated_where_the_snapshot_gives_no_value(client, snapshot):
    event = client.get("/timeline/bmw-broader-commercialisation/").content.decode()
    assert "Mass production" not in event
    assert "not stated in our sources" in event
    company = client.get("/companies/catl/").content.decode()
    assert "Undisclosed" not in company
    assert "not stated in our sources" in company
    sources = client.get("/sources/").content.decode()
    assert "Stellantis press release (Factorial milestone, Apr 2025)" in sources
    assert "BMW Group:" not in sources
