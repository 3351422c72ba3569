"""The timeline and a company page print cleanly on A4 and Letter.

A reader who prints gets the content without the site's navigation, search or footer, each
link followed by its address, and the chart whole within the page's width.
"""

import re

import pytest

from .conftest import SCREENSHOTS, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PRINTED_PAGES = ["/timeline/", "/companies/bmw/"]
# A4 is 210 mm wide; with 12 mm margins the printed content is 186 mm: 703 CSS pixels.
A4_CONTENT = {"width": 703, "height": 1000}


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("path", PRINTED_PAGES)
def test_a_printed_page_has_content_on_a_sane_number_of_pages(browser, slipped, path, paper):
    page = Page(browser, slipped.url, A4_CONTENT)
    try:
        page.open(path)
        pdf = page.page.pdf(format=paper, print_background=True)
    finally:
        page.close()
    SCREENSHOTS.mkdir(exist_ok=True)
    name = path.strip("/").replace("/", "-")
    (SCREENSHOTS / f"print-{name}-{paper}.pdf").write_bytes(pdf)
    assert 1 <= page_count(pdf) <= 12, f"{path} prints on {page_count(pdf)} {paper} pages"


@pytest.mark.parametrize("path", PRINTED_PAGES)
def test_print_hides_the_site_chrome_and_shows_link_addresses(browser, slipped, path):
    page = Page(browser, slipped.url, A4_CONTENT)
    try:
        html = page.open(path)
        html.emulate_media(media="print")
        for chrome in [".site-nav", ".site-search", ".site-footer", ".filters"]:
            assert html.locator(chrome).count() == 0 or not html.locator(chrome).is_visible()
        link = html.locator("main .event__title a").first
        shown_after = link.evaluate("link => getComputedStyle(link, '::after').content")
        assert link.get_attribute("href") in shown_after
    finally:
        page.close()


def test_the_printed_timeline_keeps_its_whole_chart_within_the_page(browser, slipped):
    page = Page(browser, slipped.url, A4_CONTENT)
    try:
        html = page.open("/timeline/")
        html.emulate_media(media="print")
        chart = html.locator(".chart__scroll")
        assert chart.is_visible()
        listed = html.locator(".years .event-list > li").count()
        assert html.locator("svg.timeline-chart a.mark").count() == listed > 0
        scrolled, shown = chart.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert scrolled <= shown, f"the chart is {scrolled}px wide in a {shown}px page"
    finally:
        page.close()
