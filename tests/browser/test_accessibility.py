"""No page breaks a machine-checkable WCAG 2.2 AA rule, on a phone or a desktop screen.

axe-core runs on every public page and on the admin pages an editor works in. Any violation
fails the test, listed with its page, rule and element.
"""

from pathlib import Path

import pytest
from django.conf import settings

from timeline.models import Event

from .accessibility import axe_violations
from .conftest import DESKTOP, PHONE, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1440px"])

PUBLIC_PAGES = [
    "/",
    "/timeline/",
    "/timeline/?kind=target&company=samsung-sdi",
    "/timeline/quantumscape-qse-5-b-sample-production/",
    "/companies/",
    "/companies/bmw/",
    "/partnerships/",
    "/challenges/",
    "/challenges/lithium-metal-anode-stability/",
    "/sources/",
    "/search/?q=solid",
    "/data/",
    "/timeline/slips/",
    "/companies/scorecards/",
    "/methodology/",
    "/no-such-page/",
    "/changes/",
    "/corrections/",
    "/corrections/report/event/quantumscape-qse-5-b-sample-production/",
]

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"


def violations_on(page, path: str) -> list[str]:
    """axe's findings on `path`, each prefixed with the page."""
    page.page.goto(page.base_url + path)
    return [f"{path}: {line}" for line in axe_violations(page.page)]


@VIEWPORTS
def test_public_pages_meet_wcag_22_aa(browser, slipped, viewport):
    # The axe script is added to each page: the site's Content-Security-Policy would refuse it.
    page = Page(browser, slipped.url, viewport, bypass_csp=True)
    try:
        found = [line for path in PUBLIC_PAGES for line in violations_on(page, path)]
    finally:
        page.close()
    assert found == [], "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(found)


@VIEWPORTS
def test_admin_pages_an_editor_uses_meet_wcag_22_aa(browser, slipped, editor, viewport):
    page = Page(browser, slipped.url, viewport, bypass_csp=True)
    event = Event.objects.get(slug="quantumscape-qse-5-b-sample-production")
    first_version = event.history.earliest().history_id
    try:
        found = violations_on(page, "/admin/login/")
        page.page.fill("#id_username", "editor")
        page.page.fill("#id_password", "a-long-passphrase-9")
        page.page.click("input[type=submit]")
        page.page.wait_for_url(slipped.url + "/admin/")
        for path in [
            "/admin/",
            "/admin/timeline/event/",
            f"/admin/timeline/event/{event.pk}/change/",
            f"/admin/timeline/event/{event.pk}/history/",
            f"/admin/timeline/event/{event.pk}/history/{first_version}/restore/",
            "/admin/timeline/event/review/",
            "/admin/imports/importbatch/upload/events/",
        ]:
            found += violations_on(page, path)
        page.page.set_input_files("input[type=file]", str(UPDATES / "events.csv"))
        page.page.locator("form:has(input[type=file]) [type=submit]").click()
        page.page.wait_for_load_state()
        assert "Confirm import" in page.page.content()
        found += [f"import preview: {line}" for line in axe_violations(page.page)]
    finally:
        page.close()
    assert found == [], "axe-core found WCAG 2.2 AA violations:\n" + "\n".join(found)


def test_public_pages_reflow_at_320px_without_scrolling_sideways(browser, slipped):
    # WCAG 1.4.10: content fits 320 CSS pixels; only the charts scroll, inside their own box.
    page = Page(browser, slipped.url, {"width": 320, "height": 640})
    too_wide = []
    try:
        for path in PUBLIC_PAGES:
            page.page.goto(page.base_url + path)
            width = page.page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide.append(f"{path} is {width}px wide")
    finally:
        page.close()
    assert too_wide == []
