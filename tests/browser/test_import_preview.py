"""An editor imports a CSV in Chromium: errors, a corrected file in place, pages, the batch."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from companies.models import Source
from tests.browser.test_confirmations import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"
HEADER = "url,title,publisher,published,accessed,kind\n"


def sources_file(path: Path, count: int, *, broken_line: int | None = None) -> Path:
    lines = [HEADER]
    for n in range(1, count + 1):
        accessed = "not a date" if n + 1 == broken_line else "2025-06-02"
        lines.append(
            f"https://example.org/bulk/{n},Bulk report {n},Publisher {n},2025,{accessed},News\n"
        )
    path.write_text("".join(lines))
    return path


def test_an_editor_fixes_a_file_in_place_pages_through_it_and_opens_its_entries(
    desktop, editor, tmp_path
):
    page = desktop.page
    log_in(page, desktop.base_url)
    desktop.open("/admin/imports/importbatch/upload/sources/")
    page.set_input_files(
        "input[type=file]", str(sources_file(tmp_path / "a.csv", 450, broken_line=3))
    )
    page.locator("form:has(input[type=file]) [type=submit]").click()
    page.wait_for_load_state()
    assert "1 error in a.csv" in page.locator(".errornote").inner_text()

    # The error page takes the corrected file itself.
    reupload = page.locator("#csv-reupload")
    reupload.locator("input[type=file]").set_input_files(str(sources_file(tmp_path / "b.csv", 450)))
    reupload.get_by_role("button", name="Preview the corrected file").click()
    page.wait_for_load_state()
    assert "b.csv" in page.locator("#csv-counts").inner_text()
    assert "450 new" in re.sub(r"\s+", " ", page.locator("#csv-counts").inner_text())

    # A new row shows all its values; the rows come in pages.
    first = page.locator("#csv-rows tbody tr").first
    assert "Bulk report 1" in first.inner_text() and "Publisher 1" in first.inner_text()
    assert page.locator("#csv-rows tbody tr").count() == 200
    page.locator(".csv-pages").get_by_role("link", name="3").click()
    page.wait_for_load_state()
    assert page.locator("#csv-rows tbody tr").count() == 50
    assert "Publisher 450" in page.locator("#csv-rows tbody tr").last.inner_text()

    # Confirm from page 3: the whole file is written (a job, whose page links its batch), and
    # the batch links its entries.
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_load_state()
    assert Source.objects.filter(url__startswith="https://example.org/bulk/").count() == 450
    page.get_by_role("link", name=re.compile(r"import batch #\d+")).click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="View on site").count() == 0
    assert page.locator("a[href*='/admin/auth/user/']").count() == 0
    page.locator("#batch-entries").get_by_role("link", name="Bulk report 7", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/companies/source/\d+/change/$"))
    assert page.input_value("#id_title") == "Bulk report 7"
