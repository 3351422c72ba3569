"""CSV import and export as an editor uses them in the admin."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from companies.models import Company
from imports.models import ImportBatch
from timeline.models import Event

pytestmark = pytest.mark.django_db

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"
LISTS = {
    "sources": "admin:companies_source_changelist",
    "companies": "admin:companies_company_changelist",
    "partnerships": "admin:companies_partnership_changelist",
    "events": "admin:timeline_event_changelist",
}


def upload(client, model, name, content: bytes):
    return client.post(
        reverse("admin:imports_upload", args=[model]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def confirm(client, model, preview):
    return client.post(
        reverse("admin:imports_confirm", args=[model]), {"token": preview.context["token"]}
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("model", LISTS)
def test_every_csv_list_offers_import_export_and_template(editor_client, snapshot, model):
    page = editor_client.get(reverse(LISTS[model])).content.decode()
    assert reverse("admin:imports_upload", args=[model]) in page
    assert reverse("admin:imports_export", args=[model]) in page
    assert reverse("admin:imports_template", args=[model]) in page


def test_editor_fixes_a_misspelt_slug_previews_confirms_and_reverts(
    editor_client, editor, snapshot
):
    """The whole story: error, nothing written, fix, preview, confirm, public page, revert."""
    events_before = Event.objects.count()
    quantumscape_before = Company.objects.get(slug="quantumscape").electrolyte

    companies = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    assert companies.context["report"].updated == 2
    assert "oxide" in companies.content.decode()
    rows = {row.key: row for row in companies.context["report"].rows}
    assert ("electrolyte", "", "oxide") in rows["quantumscape"].changes  # the seed gave none
    response = confirm(editor_client, "companies", companies)
    assert response.status_code == 302
    assert Company.objects.get(slug="quantumscape").electrolyte == "oxide"
    companies_batch = ImportBatch.objects.get(model="companies")
    history = Company.objects.get(slug="quantumscape").history.latest()
    assert history.history_user == editor
    assert history.history_change_reason == companies_batch.change_reason

    misspelt = upload(
        editor_client,
        "events",
        "events.csv",
        (UPDATES / "events-misspelt-company.csv").read_bytes(),
    )
    page = misspelt.content.decode()
    assert misspelt.status_code == 200
    assert "Nothing was written" in page
    assert "factorial-enrgy" in page and "Did you mean &quot;factorial-energy&quot;" in page
    assert "Confirm import" not in page
    assert [error.line for error in misspelt.context["report"].errors] == [3]
    assert Event.objects.count() == events_before

    preview = upload(editor_client, "events", "events.csv", (UPDATES / "events.csv").read_bytes())
    assert preview.context["report"].new == 3
    assert "Confirm import" in preview.content.decode()
    assert Event.objects.count() == events_before  # a preview writes nothing

    done = confirm(editor_client, "events", preview)
    batch = ImportBatch.objects.get(model="events")
    job_page = editor_client.get(done["Location"]).content.decode()  # the job's progress page
    assert "Imported events.csv: 3 new" in job_page and batch.get_absolute_url() in job_page
    assert Event.objects.count() == events_before + 3
    public = editor_client.get("/timeline/example-factorial-target/")
    assert public.status_code == 200
    assert "Example target for Factorial Energy" in public.content.decode()

    batch_page = editor_client.get(batch.get_absolute_url()).content.decode()
    assert "Revert this batch" in batch_page and "Example target for CATL" in batch_page

    editor_client.post(reverse("admin:imports_importbatch_revert", args=[batch.pk]))
    editor_client.post(reverse("admin:imports_importbatch_revert", args=[companies_batch.pk]))
    assert Event.objects.count() == events_before
    assert editor_client.get("/timeline/example-factorial-target/").status_code == 404
    assert Company.objects.get(slug="quantumscape").electrolyte == quantumscape_before
    assert Company.objects.get(slug="quantumscape").history.latest().history_user == editor
    batch.refresh_from_db()
    assert batch.is_reverted and batch.reverted_by == editor


def test_preview_lists_changed_fields_before_and_after(editor_client, snapshot):
    preview = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    rows = {row.key: row for row in preview.context["report"].rows}
    assert ("electrolyte", "", "oxide") in rows["quantumscape"].changes
    assert rows["quantumscape"].action == "updated"


def test_confirm_with_a_forged_token_writes_nothing(editor_client, snapshot):
    response = editor_client.post(
        reverse("admin:imports_confirm", args=["events"]), {"token": "forged"}, follow=True
    )
    assert "expired or is not valid" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_over_the_size_limit_is_refused(editor_client, snapshot, settings):
    settings.SSTRACKER_CSV_MAX_BYTES = 100
    response = upload(editor_client, "events", "big.csv", b"slug,title\n" + b"x,y\n" * 50)
    assert "the limit is 100" in response.content.decode()
    assert "report" not in response.context


def test_export_follows_the_list_filters(editor_client, snapshot):
    url = reverse("admin:imports_export", args=["events"])
    response = editor_client.get(url, {"kind__exact": "target", "year": "2027"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["slug"] for row in rows} == {
        "samsung-sdi-mass-production",
        "catl-small-batch-production",
        "bmw-broader-commercialisation",
    }


def test_export_has_the_same_entries_as_the_searched_list(editor_client, snapshot):
    search = {"q": "Factorial", "role__exact": "automaker"}
    listed = editor_client.get(reverse(LISTS["companies"]), search).context["cl"].result_list
    export = editor_client.get(reverse("admin:imports_export", args=["companies"]), search)
    rows = csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))
    assert [row["slug"] for row in rows] == [company.slug for company in listed]
    assert {company.slug for company in listed} == {"mercedes-benz", "stellantis"}


def test_export_with_an_unknown_filter_is_a_bad_request(editor_client, snapshot):
    url = reverse("admin:imports_export", args=["companies"])
    assert editor_client.get(url, {"no_such_field__exact": "1"}).status_code == 400


def test_template_has_the_header_and_one_example_row(editor_client):
    response = editor_client.get(reverse("admin:imports_template", args=["events"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["slug", "title", "companies", "date"]
    assert len(rows) == 2


def test_unknown_model_is_refused(editor_client):
    assert editor_client.get(reverse("admin:imports_upload", args=["horizons"])).status_code == 403


def test_staff_without_import_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:imports_upload", args=["events"])).status_code == 403
    assert client.get(reverse("admin:imports_export", args=["events"])).status_code == 403


def test_revert_is_refused_when_an_entry_changed_after_the_import(editor_client, snapshot):
    preview = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    confirm(editor_client, "companies", preview)
    batch = ImportBatch.objects.get()
    company = Company.objects.get(slug="quantumscape")
    company.summary = "Edited by hand after the import."
    company.save()
    response = editor_client.post(
        reverse("admin:imports_importbatch_revert", args=[batch.pk]), follow=True
    )
    assert "changed after this import" in response.content.decode()
    company.refresh_from_db()
    assert company.summary == "Edited by hand after the import."
    assert Company.objects.get(slug="factorial-energy").electrolyte == "sulfide"


def test_batches_are_listed_for_editors(editor_client, snapshot):
    preview = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    confirm(editor_client, "companies", preview)
    page = editor_client.get(reverse("admin:imports_importbatch_changelist")).content.decode()
    assert "companies.csv" in page and "editor" in page


def test_revert_asks_first_listing_every_change_and_deletion(editor_client, snapshot):
    companies = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    confirm(editor_client, "companies", companies)
    events = upload(editor_client, "events", "events.csv", (UPDATES / "events.csv").read_bytes())
    confirm(editor_client, "events", events)
    companies_batch = ImportBatch.objects.get(model="companies")
    events_batch = ImportBatch.objects.get(model="events")
    events_before = Event.objects.count()

    asked = editor_client.get(reverse("admin:imports_importbatch_revert", args=[events_batch.pk]))
    deleted = [entry.label for entry in asked.context["plan"].deleted]
    assert len(deleted) == 3 and any("Example target for CATL" in label for label in deleted)
    assert 'method="post"' in asked.content.decode()
    assert Event.objects.count() == events_before  # asking reverts nothing

    asked = editor_client.get(
        reverse("admin:imports_importbatch_revert", args=[companies_batch.pk])
    )
    restored = {entry.label: entry.changes for entry in asked.context["plan"].restored}
    # The snapshot states no electrolyte for QuantumScape; the import file says oxide.
    electrolyte = next(c for c in restored["QuantumScape"] if c.label == "Electrolyte family")
    assert (electrolyte.old, electrolyte.new) == ("Oxide", "(empty)")
    assert "<del>Oxide</del> → <ins>(empty)</ins>" in asked.content.decode()
    assert not asked.context["plan"].refusal
