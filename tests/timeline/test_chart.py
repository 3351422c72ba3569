"""The visual timeline's geometry, without a database or a template."""

import datetime
from types import SimpleNamespace

import pytest

from fuzzydate.core import FuzzyDate
from timeline.chart import (
    LABEL_CHAR_WIDTH,
    LABEL_WIDTH,
    LANE_HEIGHT,
    MARK_SIZE,
    build_chart,
    year_axis,
)

TODAY = datetime.date(2025, 7, 1)


class FakeCompany(SimpleNamespace):
    def __hash__(self):
        return hash(self.pk)

    def __eq__(self, other):
        return self.pk == other.pk

    def get_absolute_url(self):
        return f"/companies/{self.slug}/"


def company(pk, name):
    return FakeCompany(pk=pk, name=name, slug=name.lower())


def event(
    pk, companies, start, end, kind="milestone", date_text="2025", chemistry="all_solid", stage=""
):
    return SimpleNamespace(
        pk=pk,
        title=f"Event {pk}",
        date=date_text,
        date_start=start,
        date_end=end,
        kind=kind,
        is_target=kind == "target",
        chemistry=chemistry,
        get_chemistry_display=lambda: chemistry.replace("_", " ").capitalize(),
        get_stage_display=lambda: stage,
        companies=SimpleNamespace(all=lambda: list(companies)),
        get_absolute_url=lambda: f"/timeline/event-{pk}/",
    )


def band(label, first, last):
    return SimpleNamespace(label=label, headline=f"Band {label}", first_year=first, last_year=last)


def day(text):
    return datetime.date.fromisoformat(text)


ACME, BOLT = company(1, "Acme"), company(2, "Bolt")


def test_nothing_to_draw_gives_no_chart():
    assert build_chart([], [band("~2027", 2027, 2029)], today=TODAY) is None


def test_one_mark_per_event_with_milestones_and_targets_apart():
    chart = build_chart(
        [
            event(1, [ACME], day("2024-10-01"), day("2024-10-31")),
            event(2, [BOLT], day("2027-01-01"), day("2027-12-31"), kind="target"),
        ],
        today=TODAY,
    )
    assert [mark.url for mark in chart.marks] == ["/timeline/event-1/", "/timeline/event-2/"]
    assert [mark.is_target for mark in chart.marks] == [False, True]
    assert (chart.milestone_count, chart.target_count) == (1, 1)


def test_axis_runs_from_first_to_last_year_of_events_and_bands():
    chart = build_chart(
        [event(1, [ACME], day("2025-04-01"), day("2025-04-30"))],
        [band("~2030", 2030, 2030)],
        today=TODAY,
    )
    assert (chart.first_year, chart.last_year) == (2025, 2030)
    assert [tick.year for tick in chart.ticks] == [2025, 2026, 2027, 2028, 2029, 2030]
    assert chart.ticks[0].x == LABEL_WIDTH


def test_later_dates_sit_further_right_and_a_vague_date_gets_a_span():
    chart = build_chart(
        [
            event(1, [ACME], day("2024-10-01"), day("2024-10-31")),
            event(2, [ACME], day("2027-01-01"), day("2029-12-31"), kind="target"),
        ],
        today=TODAY,
    )
    precise, vague = chart.marks
    assert precise.x < vague.x
    assert not precise.has_span
    assert vague.has_span and vague.span_start < vague.x < vague.span_end


def test_band_covers_its_years_and_today_line_sits_between_them():
    chart = build_chart(
        [event(1, [ACME], day("2024-01-01"), day("2024-12-31"))],
        [band("2024–2025", 2024, 2025), band("~2027", 2027, 2027)],
        today=TODAY,
    )
    first, second = chart.bands
    assert first.x == chart.ticks[0].x
    assert first.x + first.width == chart.ticks[2].x  # ends where 2026 begins
    assert second.x == chart.ticks[3].x
    assert chart.ticks[1].x < chart.today_x < chart.ticks[2].x


def test_no_today_line_when_today_is_outside_the_axis():
    chart = build_chart(
        [event(1, [ACME], day("2030-01-01"), day("2030-12-31"))], today=datetime.date(2025, 1, 1)
    )
    assert chart.today_x is None


def test_one_lane_per_company_in_order_of_first_appearance():
    chart = build_chart(
        [
            event(1, [BOLT], day("2026-01-01"), day("2026-01-31")),
            event(2, [ACME], day("2024-01-01"), day("2024-01-31")),
        ],
        today=TODAY,
    )
    assert [lane.name for lane in chart.lanes] == ["Acme", "Bolt"]
    assert chart.lanes[1].y - chart.lanes[0].y == LANE_HEIGHT
    assert chart.height > chart.lanes[-1].y


def test_an_event_of_two_companies_is_drawn_once_with_an_echo_on_the_other_lane():
    chart = build_chart(
        [
            event(1, [ACME], day("2024-01-01"), day("2024-01-31")),
            event(2, [BOLT, ACME], day("2025-05-01"), day("2025-05-31")),
        ],
        today=TODAY,
    )
    assert len(chart.marks) == 2
    shared = chart.marks[1]
    assert shared.y == chart.lanes[0].y
    assert shared.echo_ys == (chart.lanes[1].y,)
    assert shared.companies == "Bolt + Acme"


def test_lanes_are_capped_keeping_the_busiest_companies_and_counting_the_rest():
    companies = [company(pk, f"Company {pk:02d}") for pk in range(1, 61)]
    events = [
        event(pk, [companies[pk - 1]], day("2025-01-01"), day("2025-01-31")) for pk in range(1, 61)
    ]
    events.append(event(99, [companies[59]], day("2026-01-01"), day("2026-01-31")))
    chart = build_chart(events, today=TODAY, max_lanes=50)
    assert len(chart.lanes) == 50
    assert "Company 60" in [lane.name for lane in chart.lanes]  # two events: kept
    assert chart.hidden_companies == 10
    assert chart.undrawn_events == 10
    assert len(chart.marks) == 51


# The year axis ------------------------------------------------------------------------------


def test_the_year_axis_gives_each_year_an_equal_share_and_knows_where_today_is():
    axis = year_axis([2027, 2024, 2025], left=100, year_width=50, min_width=0)
    assert (axis.first_year, axis.last_year, axis.right) == (2024, 2027, 300)
    # Days, not years, are the unit: leap year 2024 is a tenth of a pixel wider.
    assert [tick.x for tick in axis.ticks] == pytest.approx([100, 150, 200, 250], abs=0.2)
    assert axis.year_x(2028) == axis.right
    assert axis.today_x(datetime.date(2026, 1, 1)) == axis.ticks[2].x
    assert axis.today_x(datetime.date(2023, 12, 31)) is None


def test_the_year_axis_is_at_least_its_minimum_width():
    assert year_axis([2025], left=0, year_width=50, min_width=400).right == 400


# What a mark says ---------------------------------------------------------------------------


def test_a_mark_keeps_its_chemistry_and_only_semi_solid_is_half_filled():
    chart = build_chart(
        [
            event(1, [ACME], day("2024-10-01"), day("2024-10-31"), chemistry="all_solid"),
            event(2, [BOLT], day("2025-10-01"), day("2025-10-31"), chemistry="semi_solid"),
            event(
                3, [ACME], day("2027-01-01"), day("2027-12-31"), "target", chemistry="semi_solid"
            ),
        ],
        today=TODAY,
    )
    solid, semi, semi_target = chart.marks
    assert (solid.chemistry, semi.chemistry) == ("all_solid", "semi_solid")
    assert semi.half_path.startswith(f"M{semi.x - 5},{semi.y} A5,5")  # the lower half-disc
    assert semi_target.half_path.endswith(f"L{semi_target.x + 6},{semi_target.y} Z")


def test_a_mark_is_labelled_with_its_stage_or_else_its_date_where_there_is_room():
    chart = build_chart(
        [
            event(1, [ACME], day("2024-10-01"), day("2024-10-31"), stage="B-sample"),
            event(2, [BOLT], day("2026-03-01"), day("2026-03-31"), date_text="Mar 2026"),
        ],
        today=TODAY,
    )
    staged, dated = chart.marks
    assert (staged.label, dated.label) == ("B-sample", "Mar 2026")
    assert staged.label_x == staged.x + MARK_SIZE + 2 and staged.label_y < staged.y
    assert dated.label_x is not None


def test_labels_that_would_touch_another_mark_or_label_are_left_out():
    # Three marks a few days apart on one lane: only the last has room on its right.
    events = [
        event(pk, [ACME], day(f"2025-0{pk}-01"), day(f"2025-0{pk}-28"), stage="Pilot line")
        for pk in (1, 2, 3)
    ]
    chart = build_chart(events, today=datetime.date(2030, 1, 1))
    labelled = [mark for mark in chart.marks if mark.label_x is not None]
    assert [mark.title for mark in labelled] == ["Event 3"]
    boxes = sorted((m.label_x, m.label_x + len(m.label) * LABEL_CHAR_WIDTH) for m in labelled)
    for mark in chart.marks:
        for left, right in boxes:
            assert mark is labelled[0] or not left <= mark.x <= right


def test_a_label_does_not_cross_the_today_line_or_run_off_the_plot():
    chart = build_chart(
        [
            event(1, [ACME], day("2025-06-01"), day("2025-06-30"), stage="Mass production"),
            event(2, [BOLT], day("2026-12-01"), day("2026-12-31"), stage="Mass production"),
        ],
        today=TODAY,
    )
    crossing_today, at_the_end = chart.marks
    assert crossing_today.label_x is None  # today (1 Jul 2025) is just right of it
    assert at_the_end.label_x is None  # the plot ends with 2026


def test_earlier_promised_dates_are_faint_marks_with_an_arrow_to_the_current_date():
    target = event(7, [ACME], day("2028-01-01"), day("2028-06-30"), "target", date_text="H1 2028")
    chart = build_chart(
        [target],
        today=TODAY,
        earlier_dates={7: [FuzzyDate.parse("~2026"), FuzzyDate.parse("2020")]},
    )
    (mark,) = chart.marks
    about_2026, in_2020 = mark.earlier
    assert chart.first_year == 2020  # the axis reaches back to the earliest promise
    assert (about_2026.date, in_2020.date) == ("~2026", "2020")
    assert in_2020.x < about_2026.x < mark.x and mark.y < about_2026.y < mark.y + LANE_HEIGHT / 2
    x1, y1, x2, y2 = about_2026.arrow
    assert about_2026.x < x1 < x2 < mark.x  # from the earlier date to the current one
    assert (y1, x2) == (about_2026.y, mark.x - MARK_SIZE - 2)
    assert chart.has_earlier_dates


def test_an_earlier_date_right_beside_the_current_one_gets_no_arrow():
    target = event(7, [ACME], day("2027-01-01"), day("2027-12-31"), "target", date_text="2027")
    chart = build_chart([target], today=TODAY, earlier_dates={7: [FuzzyDate.parse("mid-2027")]})
    (earlier,) = chart.marks[0].earlier
    assert earlier.arrow is None


def test_without_earlier_dates_a_mark_has_none():
    chart = build_chart([event(1, [ACME], day("2025-01-01"), day("2025-01-31"))], today=TODAY)
    assert chart.marks[0].earlier == () and not chart.has_earlier_dates
