"""The visual timeline as drawn by its template, from plain data (no database)."""

import datetime
import re

from django.template.loader import render_to_string

from fuzzydate.core import FuzzyDate
from timeline.chart import build_chart

from .test_chart import ACME, BOLT, day, event

TODAY = datetime.date(2025, 7, 1)


def drawn(events, **options) -> str:
    chart = build_chart(events, today=TODAY, **options)
    return render_to_string("includes/_timeline_chart.html", {"chart": chart})


def test_links_sit_beside_the_image_never_inside_it():
    html = drawn([event(1, [ACME], day("2024-10-01"), day("2024-10-31"))])
    image = re.search(r'<g class="chart__drawing" role="img".*?</g>', html, re.S).group(0)
    assert "<a " not in image and '<title id="chart-title">' in image
    assert '<a class="mark mark--milestone" href="/timeline/event-1/"' in html
    names = re.search(r'<ol class="chart__names".*?</ol>', html, re.S).group(0)
    assert '<a href="/companies/acme/">Acme</a>' in names


def test_semi_solid_marks_are_half_filled_and_the_legend_says_so():
    html = drawn(
        [
            event(1, [ACME], day("2024-10-01"), day("2024-10-31"), chemistry="all_solid"),
            event(2, [BOLT], day("2025-03-01"), day("2025-03-31"), chemistry="semi_solid"),
        ]
    )
    assert html.count('class="mark__half"') == 1
    assert 'data-chemistry="semi_solid"' in html and 'data-chemistry="all_solid"' in html
    assert (
        "Half-filled: semi-solid" in html
        and "Dashed: chemistry not stated or not disclosed" in html
    )


def test_labels_are_drawn_where_they_fit():
    html = drawn([event(1, [ACME], day("2024-10-01"), day("2024-10-31"), stage="B-sample")])
    assert re.search(r'<text class="mark__label" x="[\d.]+" y="[\d.]+">B-sample</text>', html)


def test_an_earlier_promise_is_drawn_with_an_arrow_and_named_for_screen_readers():
    target = event(7, [ACME], day("2028-01-01"), day("2028-06-30"), "target", date_text="H1 2028")
    html = drawn([target], earlier_dates={7: [FuzzyDate.parse("~2027")]})
    assert 'class="mark__earlier"' in html
    assert 'marker-end="url(#chart-arrow)"' in html and '<marker id="chart-arrow"' in html
    assert "earlier promised for ~2027)</title>" in html
    assert "Earlier promised date → now" in html  # the legend
    assert "(was ~2027)" in html  # the table


def test_without_earlier_dates_the_legend_does_not_mention_them():
    html = drawn([event(1, [ACME], day("2024-10-01"), day("2024-10-31"))])
    assert "Earlier promised date" not in html and 'class="mark__earlier"' not in html


def test_the_chart_opens_at_today_on_a_phone():
    chart = build_chart([event(1, [ACME], day("2024-01-01"), day("2026-12-31"))], today=TODAY)
    html = render_to_string("includes/_timeline_chart.html", {"chart": chart})
    assert f'<span class="chart__today-anchor" data-x="{chart.today_x}"></span>' in html
    assert "Scroll sideways for more years" in html
