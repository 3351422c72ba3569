"""The geometry of the visual timeline: one lane per company, one mark per event.

`build_chart()` turns events and outlook bands into plain numbers (pixels in the SVG's own
coordinate system) that `templates/includes/_timeline_chart.html` draws on the server, so the
chart works without JavaScript. Nothing here touches the database: the view passes events
with their companies already prefetched.

Layout, top to bottom: a row of band labels, a row of year labels, then the lanes. Company
names sit in a column on the left. An event about several companies is drawn once, on the
highest of its lanes, with small echoes on the others joined by a thin line, so that the
chart has exactly one link per event.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

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
# A date known only to a month or better is drawn as a point; wider dates get a span bar.
POINT_DAYS = 31


@dataclass(frozen=True)
class Lane:
    name: str
    url: str
    y: float
    top: float


@dataclass(frozen=True)
class Tick:
    year: int
    x: float
    label_x: float


@dataclass(frozen=True)
class Band:
    label: str
    headline: str
    x: float
    width: float
    label_x: float
    shade: int


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

    @property
    def diamond_points(self) -> str:
        return diamond_points(self.x, self.y, MARK_SIZE)

    @property
    def has_span(self) -> bool:
        return self.span_start is not None

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

    @property
    def milestone_count(self) -> int:
        return sum(not mark.is_target for mark in self.marks)

    @property
    def target_count(self) -> int:
        return sum(mark.is_target for mark in self.marks)


def diamond_points(x: float, y: float, size: float) -> str:
    """The corners of a diamond centred on (x, y), for an SVG polygon: a target's mark."""
    top, right = pixels(y - size), pixels(x + size)
    bottom, left = pixels(y + size), pixels(x - size)
    return f"{x},{top} {right},{y} {x},{bottom} {left},{y}"


def pixels(value: float) -> float:
    """Round to a tenth of a pixel: sharp enough, and keeps the markup short."""
    return round(value, 1)


def build_chart(events, horizons=(), *, today: datetime.date, max_lanes: int = MAX_LANES):
    """Lay out `events` (with prefetched companies) over the years they and `horizons` cover.

    Returns None when there is nothing to draw. Lanes are the companies of the events; when
    there are more than `max_lanes`, the companies with the most events are kept and the
    rest are counted in `hidden_companies` (events with no kept company in `undrawn_events`).
    """
    events = list(events)
    companies_of = {event.pk: list(event.companies.all()) for event in events}
    counts = Counter(company for companies in companies_of.values() for company in companies)
    if not counts:
        return None
    kept = sorted(counts, key=lambda company: (-counts[company], company.name))[:max_lanes]
    first_seen = {}
    for event in sorted(events, key=lambda event: (event.date_start, event.date_end)):
        for company in companies_of[event.pk]:
            first_seen.setdefault(company, event.date_start)
    kept.sort(key=lambda company: (first_seen[company], company.name))

    years = [event.date_start.year for event in events] + [event.date_end.year for event in events]
    years += [year for horizon in horizons for year in (horizon.first_year, horizon.last_year)]
    first_year, last_year = min(years), max(years)
    year_count = last_year - first_year + 1
    plot_width = max(MIN_PLOT_WIDTH, year_count * YEAR_WIDTH)
    plot_left = LABEL_WIDTH
    plot_right = plot_left + plot_width
    lanes_top = BAND_ROW + AXIS_ROW
    origin = datetime.date(first_year, 1, 1)
    total_days = (datetime.date(last_year + 1, 1, 1) - origin).days

    def x_of(day: datetime.date) -> float:
        return pixels(plot_left + (day - origin).days / total_days * plot_width)

    def x_of_year(year: int) -> float:
        return x_of(datetime.date(year, 1, 1)) if year <= last_year else plot_right

    lanes = [
        Lane(
            name=company.name,
            url=company.get_absolute_url(),
            y=pixels(lanes_top + index * LANE_HEIGHT + LANE_HEIGHT / 2),
            top=pixels(lanes_top + index * LANE_HEIGHT),
        )
        for index, company in enumerate(kept)
    ]
    lane_y = {company: lane.y for company, lane in zip(kept, lanes, strict=True)}

    marks = []
    for event in events:
        ys = sorted(lane_y[company] for company in companies_of[event.pk] if company in lane_y)
        if not ys:
            continue
        start, end = event.date_start, event.date_end
        middle = start + (end - start) / 2
        wide = (end - start).days > POINT_DAYS
        marks.append(
            Mark(
                title=event.title,
                date=str(event.date),
                url=event.get_absolute_url(),
                is_target=event.is_target,
                x=x_of(middle),
                y=ys[0],
                span_start=x_of(start) if wide else None,
                span_end=x_of(end + datetime.timedelta(days=1)) if wide else None,
                echo_ys=tuple(ys[1:]),
                companies=" + ".join(company.name for company in companies_of[event.pk]),
            )
        )

    bands = []
    for index, horizon in enumerate(sorted(horizons, key=lambda band: band.first_year)):
        left, right = x_of_year(horizon.first_year), x_of_year(horizon.last_year + 1)
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

    ticks = [
        Tick(
            year=year,
            x=x_of_year(year),
            label_x=pixels((x_of_year(year) + x_of_year(year + 1)) / 2),
        )
        for year in range(first_year, last_year + 1)
    ]
    in_range = origin <= today < datetime.date(last_year + 1, 1, 1)
    return TimelineChart(
        width=pixels(plot_right + RIGHT_PADDING),
        height=pixels(lanes_top + len(lanes) * LANE_HEIGHT + BOTTOM_PADDING),
        plot_left=plot_left,
        plot_right=pixels(plot_right),
        lanes_top=lanes_top,
        first_year=first_year,
        last_year=last_year,
        lanes=lanes,
        ticks=ticks,
        bands=bands,
        marks=marks,
        today_x=x_of(today) if in_range else None,
        hidden_companies=len(counts) - len(kept),
        undrawn_events=len(events) - len(marks),
    )
