"""The visual timeline on a phone and on a desktop screen, as a reader first sees it."""

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not drawn"
    return found


def overlap(one: dict, other: dict) -> bool:
    return not (
        one["x"] + one["width"] <= other["x"]
        or other["x"] + other["width"] <= one["x"]
        or one["y"] + one["height"] <= other["y"]
        or other["y"] + other["height"] <= one["y"]
    )


def test_on_a_phone_the_chart_opens_at_today_with_the_company_names_in_view(browser, site):
    page = Page(browser, site.url, PHONE)
    try:
        html = page.open("/timeline/")
        chart = html.locator(".chart__scroll")
        html.wait_for_function("document.querySelector('.chart__scroll').scrollLeft > 0")
        SCREENSHOTS.mkdir(exist_ok=True)
        chart.screenshot(path=SCREENSHOTS / "timeline-chart-phone.png")
        assert html.get_by_text("Scroll sideways for more years").is_visible()
        seen, names = box(chart), box(html.locator(".chart__names"))
        today = box(html.locator("svg.timeline-chart line.today"))
        # Today is on screen, right of the names column, inside the chart's box.
        assert names["x"] + names["width"] < today["x"] < seen["x"] + seen["width"]
        assert 0 <= today["x"] <= PHONE["width"]
        # Every company's name is readable there, beside its lane.
        for name in html.locator(".chart__names a").all():
            assert name.is_visible() and box(name)["x"] >= seen["x"]
        lanes = html.locator(".chart__names li")
        assert lanes.count() == 11 and lanes.first.inner_text() == "NIO"
    finally:
        page.close()
    assert page.errors == []


def test_on_a_desktop_the_whole_chart_shows_with_labels_that_do_not_overlap(browser, site):
    page = Page(browser, site.url, DESKTOP)
    try:
        html = page.open("/timeline/")
        SCREENSHOTS.mkdir(exist_ok=True)
        html.locator(".timeline-visual").screenshot(path=SCREENSHOTS / "timeline-chart-desktop.png")
        chart = html.locator(".chart__scroll")
        assert chart.evaluate("box => box.scrollWidth <= box.clientWidth")
        assert not html.get_by_text("Scroll sideways for more years").is_visible()
        labels = html.locator("svg.timeline-chart .mark__label")
        assert labels.count() >= 3
        marks = html.locator("svg.timeline-chart a.mark").all()
        shapes = [box(mark.locator(".mark__shape")) for mark in marks]
        placed = [
            (index, box(mark.locator(".mark__label")))
            for index, mark in enumerate(marks)
            if mark.locator(".mark__label").count()
        ]
        for index, label in placed:
            others = [other for owner, other in placed if owner != index]
            others += [shape for owner, shape in enumerate(shapes) if owner != index]
            touching = [other for other in others if overlap(label, other)]
            assert touching == [], f"the label at {label} touches {touching}"
        assert "Mass production" in labels.all_text_contents()
        legend = html.locator(".chart__caption").inner_text()
        assert "Half-filled: semi-solid" in legend
        semi = html.locator('a.mark[data-chemistry="semi_solid"] .mark__half')
        assert semi.count() == 1 and semi.is_visible()  # NIO's semi-solid pack
    finally:
        page.close()
    assert page.errors == []
