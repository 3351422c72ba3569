"""The public pages in a real browser: they load cleanly, filter, link, and look right."""

import re

import pytest

from .conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = {
    "home": "/",
    "timeline": "/timeline/",
    "timeline-filtered": "/timeline/?kind=target",
    "event": "/timeline/quantumscape-qse-5-b-sample-production/",
    "companies": "/companies/",
    "company": "/companies/solid-power/",
    "partnerships": "/partnerships/",
    "challenges": "/challenges/",
    "challenge": "/challenges/lithium-metal-anode-stability/",
    "sources": "/sources/",
    "search": "/search/?q=solid",
    "not-found": None,
}


def visible_events(page) -> int:
    return page.locator(".years .event-list > li").count()


def chart_marks(page) -> int:
    return page.locator("svg.timeline-chart a.mark").count()


def test_home_page_opens_with_the_bottom_line(desktop):
    page = desktop.open("/")
    assert page.locator("h1").inner_text() == "When can you buy a car with a solid-state battery?"
    assert page.get_by_role("heading", name="The bottom line").is_visible()
    assert page.locator(".horizon").count() == 4


def test_filtering_the_timeline_updates_list_chart_and_address(desktop):
    page = desktop.open("/timeline/")
    assert visible_events(page) == chart_marks(page) == 10
    page.get_by_label("Kind", exact=True).select_option("target")
    page.get_by_label("Company", exact=True).select_option("samsung-sdi")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"kind=target"))
    assert "company=samsung-sdi" in page.url
    assert visible_events(page) == chart_marks(page) == 1
    assert page.locator(".chip").filter(has_text="Samsung SDI").is_visible()
    page.locator(".chip").filter(has_text="Samsung SDI").click()
    page.wait_for_url(re.compile(r"/timeline/\?kind=target$"))
    assert visible_events(page) == chart_marks(page) == 4


def test_a_bad_filter_value_shows_a_message(desktop):
    page = desktop.open("/timeline/?kind=banana")
    assert page.get_by_text("These filters could not be applied").is_visible()
    assert chart_marks(page) == 0


def test_following_a_company_link_from_the_timeline(desktop):
    page = desktop.open("/timeline/")
    page.locator(".event__companies").get_by_role("link", name="QuantumScape").first.click()
    page.wait_for_url(re.compile(r"/companies/quantumscape/$"))
    assert page.locator("h1").inner_text() == "QuantumScape"


def test_the_chart_marks_link_to_their_events(desktop):
    page = desktop.open("/timeline/?company=quantumscape")
    hrefs = {
        page.locator("svg a.mark").nth(index).get_attribute("href")
        for index in range(chart_marks(page))
    }
    listed = {link.get_attribute("href") for link in page.locator(".years .event__title a").all()}
    assert hrefs == listed and len(hrefs) == 2


@pytest.mark.parametrize("name", PAGES)
def test_screenshots_on_phone_and_desktop(browser, site, name):
    from .conftest import DESKTOP, PHONE, Page

    SCREENSHOTS.mkdir(exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = Page(browser, site.url, viewport)
        if PAGES[name] is None:
            page.page.goto(site.url + "/no-such-page/")
        else:
            page.open(PAGES[name])
        width = page.page.evaluate("document.documentElement.scrollWidth")
        page.page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        page.close()
        # Only the chart may scroll sideways, inside its own box: the page itself never does.
        assert width <= viewport["width"], f"{name} is {width}px wide on {label}"
        # A 404 logs its own status in the console; nothing else may.
        errors = [e for e in page.errors if PAGES[name] is not None or "404" not in e]
        assert errors == []
