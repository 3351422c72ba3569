"""Slips, scorecards, the past view and the open data page in a real browser."""

import re

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_reader_sees_bmws_moved_target_without_reading_prose(browser, slipped):
    page = Page(browser, slipped.url, DESKTOP)
    try:
        html = page.open("/companies/bmw/")
        scorecard = html.locator(".scorecard")
        assert scorecard.locator(".scorecard__count--late dd").inner_text() == "1"
        assert "Late by 15 months" in html.locator(".promise").first.inner_text()
        html.get_by_role("link", name="Compare companies").click()
        html.wait_for_url(re.compile(r"/companies/scorecards/$"))
        assert html.get_by_role("row", name=re.compile("BMW")).is_visible()
    finally:
        page.close()
    assert page.errors == []


def test_the_slips_page_draws_its_chart_and_table(browser, slipped):
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = Page(browser, slipped.url, viewport)
        html = page.open("/timeline/slips/")
        assert html.locator("svg.slip-chart a.slip").count() == 1
        assert html.locator(".slip-table tbody tr").count() == 1
        width = html.evaluate("document.documentElement.scrollWidth")
        html.screenshot(path=SCREENSHOTS / f"slips-{label}.png", full_page=True)
        page.close()
        assert width <= viewport["width"]
        assert page.errors == []


def test_the_past_view_has_a_banner_and_a_way_back(desktop):
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    page = desktop.open(f"/timeline/?as_of={today}&kind=target")
    assert page.get_by_text("As published on").is_visible()
    page.get_by_role("link", name="See it as it is today").click()
    page.wait_for_url(re.compile(r"/timeline/\?kind=target$"))
    assert page.get_by_text("As published on").count() == 0


def test_the_data_page_downloads_a_csv(desktop):
    page = desktop.open("/data/")
    with page.expect_download() as download:
        page.get_by_role("row", name=re.compile("Companies")).get_by_role(
            "link", name="CSV"
        ).click()
    assert download.value.suggested_filename == "sstracker-companies.csv"
