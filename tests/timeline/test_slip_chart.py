"""The slips chart's geometry, without a template."""

import datetime
import itertools

import pytest

from fuzzydate.core import FuzzyDate
from timeline.models import Event
from timeline.slip_chart import LABEL_WIDTH, build_slip_chart
from timeline.slip_report import SlipReport

# Labels name each promise's companies; these unsaved events have none, found in one query.
pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
_pks = itertools.count(1)


def event(date, **fields) -> Event:
    fields.setdefault("kind", "target")
    if fields["kind"] == "target":
        fields.setdefault("status", "announced")
    return Event(
        pk=next(_pks), slug=f"e-{next(_pks)}", title="T", date=FuzzyDate.parse(date), **fields
    )


def chart_of(*events):
    return build_slip_chart(SlipReport.build(events, today=TODAY).moved(), today=TODAY)


def test_no_promise_no_chart():
    assert build_slip_chart([], today=TODAY) is None


def test_a_row_runs_from_the_promise_to_the_milestone_and_its_length_is_the_slip():
    first = event("2025", status="delayed")
    second = event("2027", supersedes_id=first.pk, status="achieved")
    chart = chart_of(first, second, event("Mar 2027", kind="milestone", fulfils_id=second.pk))
    (row,) = chart.rows
    assert (chart.first_year, chart.last_year) == (2025, 2027)
    assert row.promised == "promised for 2025" and row.now == "met Mar 2027"
    assert row.is_met and row.words == "late by 15 months"
    assert LABEL_WIDTH < row.promised_x < row.now_x < chart.plot_right
    assert chart.today_x is not None and row.promised_x < chart.today_x < row.now_x


def test_an_open_promise_ends_at_its_current_date():
    first = event("2026")
    (row,) = chart_of(first, event("2029", supersedes_id=first.pk)).rows
    assert row.now == "now for 2029" and not row.is_met
    assert row.now_x > row.promised_x


def test_rows_keep_the_order_given_and_stop_at_the_limit():
    promises = []
    for year in range(2025, 2031):
        first = event(str(year))
        promises += [first, event(str(year + 2), supersedes_id=first.pk)]
    report = SlipReport.build(promises, today=TODAY)
    chart = build_slip_chart(report.moved(), today=TODAY, max_rows=4)
    assert len(chart.rows) == 4 and chart.undrawn == 2
    assert [row.y for row in chart.rows] == sorted(row.y for row in chart.rows)
