"""The visual timeline's geometry, without a database or a template."""

import datetime
from types import SimpleNamespace

from timeline.chart import LABEL_WIDTH, LANE_HEIGHT, build_chart

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


def event(pk, companies, start, end, kind="milestone", date_text="2025"):
    return SimpleNamespace(
        pk=pk,
        title=f"Event {pk}",
        date=date_text,
        date_start=start,
        date_end=end,
        kind=kind,
        is_target=kind == "target",
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
