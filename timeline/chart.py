"""The geometry of the visual timeline: one lane per company, one mark per event.

`build_chart()` turns events and outlook bands into plain numbers (pixels in the SVG's own
coordinate system) that `templates/includes/_timeline_chart.html` draws on the server, so the
chart works without JavaScript. Nothing here touches the database: the view passes events
with their companies already prefetched.

Layout, top to bottom: a row of band labels, a row of year labels, then the lanes. Company
names sit in a column on the left. An event about several companies is drawn once, on the
highest of its lanes, with small echoes on the others joined by a thin line, so that the
chart has exactly one link per event. A mark's shape is its kind (circle: milestone, diamond:
target), its fill its chemistry (full: all-solid-state, half: semi-solid, dashed outline: not
disclosed); a bar spans a vague date; a short label (the stage, or the date) sits above it
where it touches no other label, mark or line; the dates a target was promised for before
(`earlier_dates`) are faint marks on its lane, joined to it by an arrow.

`YearAxis` lays calendar years out left to right; the slips chart uses it too.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

MAX_LANES = 50
LABEL_WIDTH = 176
YEAR_WIDTH = 112
MIN_PLOT_WIDTH = 560
RIGHT_PADDING = 16
BAND_ROW = 22
AXIS_ROW = 22
LANE_HEIGHT = 30
BOTTOM_PADDING = 10
MARK_SIZE = 7
EARLIER_SIZE = 5
EARLIER_DROP = 8  # an earlier date sits below the lane's middle, clear of the span bar
# A date known only to a month or better is drawn as a point; wider dates get a span bar.
POINT_DAYS = 31
# Mark labels: 11px text, baseline 9px above the lane's middle, just right of the mark; a
# character is taken as 6.5px wide, a little over the average, so estimates err on the safe side.
LABEL_CHAR_WIDTH = 6.5
LABEL_RISE = 9
LABEL_OFFSET = MARK_SIZE + 2
# A chart wider than the main column of a wide screen scrolls there too: it says so.
WIDE_CHART = 1100


def pixels(value: float) -> float:
    """Round to a tenth of a pixel: sharp enough, and keeps the markup short."""
    return round(value, 1)


def diamond_points(x: float, y: float, size: float) -> str:
    """The corners of a diamond centred on (x, y), for an SVG polygon: a target's mark."""
    top, right = pixels(y - size), pixels(x + size)
    bottom, left = pixels(y + size), pixels(x - size)
    return f"{x},{top} {right},{y} {x},{bottom} {left},{y}"


@dataclass(frozen=True)
class Tick:
    year: int
    x: float
    label_x: float


@dataclass(frozen=True)
class YearAxis:
    """Calendar years `first_year` to `last_year`, each an equal share of `width` from `left`."""

    first_year: int
    last_year: int
    left: float
    width: float

    @property
    def right(self) -> float:
        return pixels(self.left + self.width)

    def x(self, day: datetime.date) -> float:
        origin = datetime.date(self.first_year, 1, 1)
        total_days = (datetime.date(self.last_year + 1, 1, 1) - origin).days
        return pixels(self.left + (day - origin).days / total_days * self.width)

    def year_x(self, year: int) -> float:
        """Where `year` begins; a year past the axis begins at its right edge."""
        return self.x(datetime.date(year, 1, 1)) if year <= self.last_year else self.right

    @property
    def ticks(self) -> list[Tick]:
        return [
            Tick(
                year=year,
                x=self.year_x(year),
                label_x=pixels((self.year_x(year) + self.year_x(year + 1)) / 2),
            )
            for year in range(self.first_year, self.last_year + 1)
        ]

    def today_x(self, today: datetime.date) -> float | None:
        """Where `today` falls, or None when it is outside the axis."""
        inside = self.first_year <= today.year <= self.last_year
        return self.x(today) if inside else None


def year_axis(years: Iterable[int], *, left: float, year_width: float, min_width: float):
    """An axis over every year in `years`, `year_width` a year and at least `min_width`."""
    years = list(years)
    first_year, last_year = min(years), max(years)
    width = max(min_width, (last_year - first_year + 1) * year_width)
    return YearAxis(first_year=first_year, last_year=last_year, left=left, width=width)


@dataclass(frozen=True)
class Lane:
    name: str
    url: str
    y: float
    top: float


@dataclass(frozen=True)
class Band:
    label: str
    headline: str
    x: float
    width: float
    label_x: float
    shade: int


@dataclass(frozen=True)
class EarlierDate:
    """A date a target was promised for before: a faint mark just below the lane's middle,
    with an arrow (x1, y1, x2, y2) to the current mark when they are far enough apart."""

    date: str
    x: float
    y: float
    arrow: tuple[float, float, float, float] | None

    @property
    def diamond_points(self) -> str:
        return diamond_points(self.x, self.y, EARLIER_SIZE)


@dataclass(frozen=True)
class Mark:
    title: str
    date: str
    url: str
    is_target: bool
    x: float
    y: float
    span_start: float | None = None
    span_end: float | None = None
    echo_ys: tuple[float, ...] = ()
    companies: str = ""
    chemistry: str = ""
    chemistry_label: str = ""
    label: str = ""
    label_x: float | None = None
    earlier: tuple[EarlierDate, ...] = ()

    @property
    def diamond_points(self) -> str:
        return diamond_points(self.x, self.y, MARK_SIZE)

    @property
    def half_path(self) -> str:
        """The lower half of the mark's shape, filled for a semi-solid chemistry."""
        x, y = self.x, self.y
        if self.is_target:
            size = MARK_SIZE - 1
            return f"M{pixels(x - size)},{y} L{x},{pixels(y + size)} L{pixels(x + size)},{y} Z"
        return f"M{pixels(x - 5)},{y} A5,5 0 0 0 {pixels(x + 5)},{y} Z"

    @property
    def has_span(self) -> bool:
        return self.span_start is not None

    @property
    def label_y(self) -> float:
        return pixels(self.y - LABEL_RISE)

    @property
    def connector_top(self) -> float:
        return min((self.y, *self.echo_ys))

    @property
    def connector_bottom(self) -> float:
        return max((self.y, *self.echo_ys))


@dataclass(frozen=True)
class TimelineChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    lanes_top: float
    first_year: int
    last_year: int
    lanes: list[Lane] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    today_x: float | None = None
    hidden_companies: int = 0
    undrawn_events: int = 0
    lane_height: int = LANE_HEIGHT

    @property
    def milestone_count(self) -> int:
        return sum(not mark.is_target for mark in self.marks)

    @property
    def target_count(self) -> int:
        return sum(mark.is_target for mark in self.marks)

    @property
    def has_earlier_dates(self) -> bool:
        return any(mark.earlier for mark in self.marks)

    @property
    def is_wide(self) -> bool:
        return self.width > WIDE_CHART


def kept_companies(companies_of: Mapping, events: Sequence, max_lanes: int) -> tuple[list, int]:
    """The companies that get a lane, in order of their first event, and how many do not."""
    counts = Counter(company for companies in companies_of.values() for company in companies)
    kept = sorted(counts, key=lambda company: (-counts[company], company.name))[:max_lanes]
    first_seen = {}
    for event in sorted(events, key=lambda event: (event.date_start, event.date_end)):
        for company in companies_of[event.pk]:
            first_seen.setdefault(company, event.date_start)
    kept.sort(key=lambda company: (first_seen[company], company.name))
    return kept, len(counts) - len(kept)


def earlier_marks(dates, x: float, y: float, axis: YearAxis) -> tuple[EarlierDate, ...]:
    """Faint marks for the `dates` a target was promised for before, arrows pointing to `x`."""
    drawn, low = [], pixels(y + EARLIER_DROP)
    for date in dates:
        earlier_x = axis.x(date.earliest + (date.latest - date.earliest) / 2)
        step = 1 if x >= earlier_x else -1
        start, end = earlier_x + step * (EARLIER_SIZE + 1), x - step * (MARK_SIZE + 2)
        room = abs(x - earlier_x) > EARLIER_SIZE + MARK_SIZE + 4
        arrow = (pixels(start), low, pixels(end), pixels(y + 3)) if room else None
        drawn.append(EarlierDate(date=str(date), x=earlier_x, y=low, arrow=arrow))
    return tuple(drawn)


def event_mark(event, companies, lane_y: Mapping, axis: YearAxis, earlier) -> Mark | None:
    """The mark of one event on the highest of its lanes, or None when it has no lane."""
    ys = sorted(lane_y[company] for company in companies if company in lane_y)
    if not ys:
        return None
    start, end = event.date_start, event.date_end
    x = axis.x(start + (end - start) / 2)
    wide = (end - start).days > POINT_DAYS
    return Mark(
        title=event.title,
        date=str(event.date),
        url=event.get_absolute_url(),
        is_target=event.is_target,
        x=x,
        y=ys[0],
        span_start=axis.x(start) if wide else None,
        span_end=axis.x(end + datetime.timedelta(days=1)) if wide else None,
        echo_ys=tuple(ys[1:]),
        companies=" + ".join(company.name for company in companies),
        chemistry=event.chemistry,
        chemistry_label=event.get_chemistry_display() or "Chemistry not stated",
        label=event.get_stage_display() or str(event.date),
        earlier=earlier_marks(earlier, x, ys[0], axis),
    )


def place_labels(marks: list[Mark], lane_ys, *, right: float, today_x: float | None):
    """The marks with `label_x` set where the label fits: on its lane, clear of every other
    label, mark and line crossing the lane, and inside the plot. The rest keep no label."""
    rooms: dict[float, list[tuple[float, float, int]]] = {y: [] for y in lane_ys}
    for index, mark in enumerate(marks):
        rooms[mark.y].append((mark.x - MARK_SIZE, mark.x + MARK_SIZE, index))
        for y in lane_ys:  # a connector crosses the label room of each lane below its mark
            if mark.connector_top < y <= mark.connector_bottom:
                rooms[y].append((mark.x - 1, mark.x + 1, index))
    lines = [(today_x - 1, today_x + 1, -1)] if today_x is not None else []
    label_x = {}
    for index in sorted(range(len(marks)), key=lambda index: marks[index].x):
        mark = marks[index]
        start = mark.x + LABEL_OFFSET
        end = start + len(mark.label) * LABEL_CHAR_WIDTH
        others = [room for room in rooms[mark.y] + lines if room[2] != index]
        if end <= right and all(end < left or start > room_right for left, room_right, _ in others):
            rooms[mark.y].append((start, end, index))
            label_x[index] = pixels(start)
    return [replace(mark, label_x=label_x.get(index)) for index, mark in enumerate(marks)]


def outlook_bands(horizons, axis: YearAxis) -> list[Band]:
    bands = []
    for index, horizon in enumerate(sorted(horizons, key=lambda band: band.first_year)):
        left, right = axis.year_x(horizon.first_year), axis.year_x(horizon.last_year + 1)
        bands.append(
            Band(
                label=horizon.label,
                headline=horizon.headline,
                x=left,
                width=pixels(right - left),
                label_x=pixels((left + right) / 2),
                shade=index % 2 + 1,
            )
        )
    return bands


def chart_years(events, horizons, earlier_dates: Mapping[int, Sequence]) -> list[int]:
    """Every year the chart must show: the events', the earlier dates' and the bands'."""
    days = [day for event in events for day in (event.date_start, event.date_end)]
    days += [
        day for dates in earlier_dates.values() for d in dates for day in (d.earliest, d.latest)
    ]
    return [day.year for day in days] + [
        year for horizon in horizons for year in (horizon.first_year, horizon.last_year)
    ]


def company_lanes(companies, top: float) -> list[Lane]:
    return [
        Lane(
            name=company.name,
            url=company.get_absolute_url(),
            y=pixels(top + index * LANE_HEIGHT + LANE_HEIGHT / 2),
            top=pixels(top + index * LANE_HEIGHT),
        )
        for index, company in enumerate(companies)
    ]


def build_chart(
    events,
    horizons=(),
    *,
    today: datetime.date,
    max_lanes: int = MAX_LANES,
    earlier_dates: Mapping[int, Sequence] | None = None,
):
    """Lay out `events` (with prefetched companies) over the years they and `horizons` cover.

    Returns None when there is nothing to draw. Lanes are the companies of the events; when
    there are more than `max_lanes`, the companies with the most events are kept and the
    rest are counted in `hidden_companies` (events with no kept company in `undrawn_events`).
    `earlier_dates` maps an event's pk to the fuzzy dates it was promised for before.
    """
    events, earlier_dates = list(events), earlier_dates or {}
    companies_of = {event.pk: list(event.companies.all()) for event in events}
    if not any(companies_of.values()):
        return None
    kept, hidden = kept_companies(companies_of, events, max_lanes)
    axis = year_axis(
        chart_years(events, horizons, earlier_dates),
        left=LABEL_WIDTH,
        year_width=YEAR_WIDTH,
        min_width=MIN_PLOT_WIDTH,
    )
    lanes_top = BAND_ROW + AXIS_ROW
    lanes = company_lanes(kept, lanes_top)
    lane_y = {company: lane.y for company, lane in zip(kept, lanes, strict=True)}
    marks = []
    for event in events:
        earlier = earlier_dates.get(event.pk, ())
        if mark := event_mark(event, companies_of[event.pk], lane_y, axis, earlier):
            marks.append(mark)
    today_x = axis.today_x(today)
    return TimelineChart(
        width=pixels(axis.right + RIGHT_PADDING),
        height=pixels(lanes_top + len(lanes) * LANE_HEIGHT + BOTTOM_PADDING),
        plot_left=axis.left,
        plot_right=axis.right,
        lanes_top=lanes_top,
        first_year=axis.first_year,
        last_year=axis.last_year,
        lanes=lanes,
        ticks=axis.ticks,
        bands=outlook_bands(horizons, axis),
        marks=place_labels(marks, [lane.y for lane in lanes], right=axis.right, today_x=today_x),
        today_x=today_x,
        hidden_companies=hidden,
        undrawn_events=len(events) - len(marks),
    )
