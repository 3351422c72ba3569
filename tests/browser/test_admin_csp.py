"""The admin works under the strict Content-Security-Policy: no violations, no script errors.

An editor logs in, opens lists and forms, previews a CSV import and reads the API docs in a real
Chromium; any console error (CSP violations are console errors) fails the test.
"""

from pathlib import Path

import pytest
from django.conf import settings

from timeline.models import Event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"


def log_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-passphrase-9")
    page.click("input[type=submit]")
    page.wait_for_url(base_url + "/admin/")


def test_admin_pages_and_import_preview_have_no_csp_violations(desktop, editor):
    page = desktop.page
    log_in(page, desktop.base_url)
    event = Event.objects.get(slug="quantumscape-qse-5-b-sample-production")
    for path in [
        "/admin/",
        "/admin/timeline/event/",
        "/admin/timeline/event/?kind__exact=target",
        f"/admin/timeline/event/{event.pk}/change/",
        f"/admin/timeline/event/{event.pk}/history/",
        "/admin/companies/company/",
        "/admin/imports/importbatch/",
    ]:
        desktop.open(path)

    desktop.open("/admin/imports/importbatch/upload/events/")
    page.set_input_files("input[type=file]", str(UPDATES / "events.csv"))
    page.locator("form:has(input[type=file]) [type=submit]").click()
    page.wait_for_load_state()
    assert "Confirm import" in page.content()
    page.screenshot(path=str(Path(settings.BASE_DIR) / "screenshots/admin-import-preview.png"))


def test_api_docs_render_under_the_policy(desktop):
    page = desktop.open("/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert "sstracker API" in page.content()
