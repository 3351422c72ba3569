"""Import previews that show everything: every value, word-level changes, pages, a way on."""

import os
import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from companies.models import Company
from imports.models import ImportBatch
from tests.imports.test_admin import UPDATES, confirm, upload

pytestmark = pytest.mark.django_db

SOURCES_HEADER = "url,title,publisher,published,accessed,kind\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sources_file(count: int) -> bytes:
    rows = (
        f"https://example.org/bulk/{n},Bulk report {n},Example publisher,2025,2025-06-02,News\n"
        for n in range(1, count + 1)
    )
    return (SOURCES_HEADER + "".join(rows)).encode()


def test_a_new_row_shows_every_value_it_brings(editor_client, snapshot):
    preview = upload(editor_client, "events", "events.csv", (UPDATES / "events.csv").read_bytes())

    row = next(r for r in preview.context["rows"] if r.key == "example-factorial-target")
    values = dict(row.values)
    assert (
        values["title"]
        == "Example target for Factorial Energy and Mercedes-Benz (update file demo)"
    )
    assert values["companies"] == "factorial-energy;mercedes-benz"
    assert values["date"] == "~2026" and values["announced"] == "early 2025"
    page = preview.content.decode()
    assert re.search(r"<dd>\s*factorial-energy;mercedes-benz\s*</dd>", page)


def test_a_changed_long_text_shows_only_the_words_that_changed(editor_client, snapshot):
    company = Company.objects.get(slug="catl")
    old = company.summary
    new = old.replace("small-batch production", "pilot production", 1) + " One more sentence."
    header = "slug,name,role,electrolyte,summary,published\n"
    content = f'{header}catl,CATL,cell_developer,undisclosed,"{new}",yes\n'.encode()

    preview = upload(editor_client, "companies", "companies.csv", content)

    assert preview.context["report"].errors == []
    page = preview.content.decode()
    diff = re.search(r'<span class="word-diff">(.*?)</span>', page, re.S).group(1)
    assert "<ins>One more sentence.</ins>" in diff.replace("<ins> ", "<ins>")
    assert "<del>small-batch </del><ins>pilot </ins>" in diff
    untouched = old.split()[-1]
    assert untouched in re.sub(r"<(del|ins)>.*?</\1>", "", diff)  # the rest is plain text


def test_a_large_preview_is_paged_and_turning_a_page_is_fast(editor_client, db):
    preview = upload(editor_client, "sources", "bulk.csv", sources_file(10_000))

    assert preview.context["report"].new == 10_000
    assert len(preview.context["rows"]) == 200
    assert preview.context["page_obj"].paginator.num_pages == 50
    url = reverse("admin:imports_preview", args=["sources"])
    token = preview.context["preview_token"]
    started = time.perf_counter()
    page_50 = editor_client.get(url, {"token": token, "page": 50})
    elapsed = time.perf_counter() - started

    assert page_50.status_code == 200
    assert [row.line for row in page_50.context["rows"]][-1] == 10_001
    assert "https://example.org/bulk/10000" in page_50.content.decode()
    assert page_50.context["token"] == preview.context["token"]  # still confirmable
    assert elapsed < 2.0, f"page 50 of a 10,000-row preview took {elapsed * 1000:.0f} ms"


def test_a_preview_address_that_was_not_issued_writes_nothing_and_explains(editor_client, db):
    url = reverse("admin:imports_preview", args=["sources"])
    response = editor_client.get(url, {"token": "forged"}, follow=True)
    assert "expired or is not valid" in response.content.decode()


def test_an_error_preview_offers_to_upload_the_corrected_file_in_place(editor_client, snapshot):
    misspelt = upload(
        editor_client,
        "events",
        "events.csv",
        (UPDATES / "events-misspelt-company.csv").read_bytes(),
    )

    page = misspelt.content.decode()
    form = re.search(r'<form[^>]*id="csv-reupload"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert 'type="file"' in form.group(1)
    assert reverse("admin:imports_upload", args=["events"]) in form.group(0)


def test_batch_page_links_entries_and_only_pages_the_viewer_may_open(
    editor_client, admin_client, snapshot
):
    preview = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    confirm(editor_client, "companies", preview)
    batch = ImportBatch.objects.get()
    quantumscape = Company.objects.get(slug="quantumscape")
    change_url = reverse("admin:companies_company_change", args=[quantumscape.pk])

    page = editor_client.get(batch.get_absolute_url()).content.decode()
    assert f'href="{change_url}"' in page
    assert "/admin/auth/user/" not in page  # editors may not open user pages
    assert "View on site" not in page

    admin_page = admin_client.get(batch.get_absolute_url()).content.decode()
    assert "/admin/auth/user/" in admin_page


def test_batch_page_lists_entries_unlinked_for_someone_who_may_not_open_them(
    client, django_user_model, snapshot, editor_client
):
    preview = upload(
        editor_client, "companies", "companies.csv", (UPDATES / "companies.csv").read_bytes()
    )
    confirm(editor_client, "companies", preview)
    batch = ImportBatch.objects.get()
    viewer = django_user_model.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_importbatch"))
    client.force_login(viewer)

    page = client.get(batch.get_absolute_url()).content.decode()

    assert "QuantumScape" in page
    assert reverse("admin:companies_company_change", args=[1]).rsplit("/1/", 1)[0] not in page


def test_uploads_and_previews_older_than_a_day_are_removed_on_the_next_upload(
    editor_client, db, settings
):
    folder = settings.MEDIA_ROOT / "django-import-export"
    folder.mkdir(parents=True)
    stale, fresh = folder / "stale-upload", folder / "fresh-upload"
    stale.write_text("old")
    fresh.write_text("new")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(stale, (two_days_ago, two_days_ago))

    upload(editor_client, "sources", "bulk.csv", sources_file(3))

    assert not stale.exists()
    assert fresh.exists()
