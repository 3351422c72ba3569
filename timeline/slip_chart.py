"""The geometry of the slips chart: what was promised against what happened, one row each.

`build_slip_chart()` turns promises (see `timeline.slips`) into plain numbers that
`templates/includes/_slip_chart.html` draws as server-side SVG, on the timeline's year axis
(`timeline.chart.YearAxis`). Each row runs from the first
promised date to where the promise stands now: the milestone that met it, or the date it is
announced for today. Both ends sit where the slip arithmetic measures: the promise at its
latest day, a milestone at its earliest day, so the length of a row is its slip.
"""

import datetime
from dataclasses import dataclass, field

from .chart import Tick, diamond_points, pixels, year_axis
from .slips import Outcome, Promise

MAX_ROWS = 40
LABEL_WIDTH = 240
YEAR_WIDTH = 96
MIN_PLOT_WIDTH = 480
RIGHT_PADDING = 24
AXIS_ROW = 26
ROW_HEIGHT = 28
BOTTOM_PADDING = 18
MARK_SIZE = 7


@dataclass(frozen=True)
class SlipRow:
    label: str
    url: str
    y: float
    promised_x: float
    now_x: float
    promised: str
    now: str
    outcome: str
    words: str

    @property
    def is_met(self) -> bool:
        return self.outcome in {Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE}

    @property
    def diamond_points(self) -> str:
        """A diamond around the current date, for a promise not met yet."""
        return diamond_points(self.now_x, self.y, MARK_SIZE)

    @property
    def line_start(self) -> float:
        return min(self.promised_x, self.now_x)

    @property
    def line_end(self) -> float:
        return max(self.promised_x, self.now_x)


@dataclass(frozen=True)
class SlipChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    first_year: int
    last_year: int
    rows: list[SlipRow] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    today_x: float | None = None
    undrawn: int = 0


def where_it_stands(promise: Promise) -> tuple[datetime.date, str]:
    """The day a row ends on and its words: the milestone's date or today's target date."""
    if promise.milestone is not None:
        return promise.milestone.date.earliest, f"met {promise.milestone.date}"
    return promise.current.date.latest, f"now for {promise.current.date}"


def build_slip_chart(promises, *, today: datetime.date, max_rows: int = MAX_ROWS):
    """Lay out `promises` in their order (largest slip first); None when there are none."""
    promises = list(promises)
    if not promises:
        return None
    drawn = promises[:max_rows]
    ends = [(promise.first.date.latest, *where_it_stands(promise)) for promise in drawn]
    years = [day.year for promised, now, _ in ends for day in (promised, now)]
    axis = year_axis(years, left=LABEL_WIDTH, year_width=YEAR_WIDTH, min_width=MIN_PLOT_WIDTH)
    rows = []
    for index, (promise, (promised, now, now_words)) in enumerate(zip(drawn, ends, strict=True)):
        companies = " + ".join(company.name for company in promise.companies)
        rows.append(
            SlipRow(
                label=f"{companies}: {promise.current.title}"
                if companies
                else promise.current.title,
                url=promise.current.get_absolute_url(),
                y=pixels(AXIS_ROW + index * ROW_HEIGHT + ROW_HEIGHT / 2),
                promised_x=axis.x(promised),
                now_x=axis.x(now),
                promised=f"promised for {promise.first.date}",
                now=now_words,
                outcome=promise.outcome,
                words=promise.label,
            )
        )
    return SlipChart(
        width=pixels(axis.right + RIGHT_PADDING),
        height=pixels(AXIS_ROW + len(rows) * ROW_HEIGHT + BOTTOM_PADDING),
        plot_left=axis.left,
        plot_right=axis.right,
        first_year=axis.first_year,
        last_year=axis.last_year,
        rows=rows,
        ticks=axis.ticks,
        today_x=axis.today_x(today),
        undrawn=len(promises) - len(drawn),
    )
