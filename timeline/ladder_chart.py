"""The geometry of the ladder chart: one row per company, one column per stage of the scale.

`build_ladder_chart()` turns ladder rows (see `timeline.ladder`) into plain numbers that
`templates/includes/_ladder_chart.html` draws as server-side SVG, without JavaScript. The
stage shown is a solid mark (a circle for all solid-state, a square for semi-solid, a ring
when the chemistry is not stated); the current target is a hollow diamond, joined to it by a
dashed line and labelled with its date. The chart is a picture of the table that follows it
on the page, which carries the links.
"""

from dataclasses import dataclass, field

from .chart import diamond_points, pixels
from .choices import Chemistry
from .ladder import BOTH, SCALE

LABEL_WIDTH = 200
COLUMN_WIDTH = 66
HEADER_HEIGHT = 56
ROW_HEIGHT = 30
RIGHT_PADDING = 70
BOTTOM_PADDING = 8
MARK_SIZE = 7

SHORT_LABELS = {
    "research": "R&D",
    "a_sample": "A-sample",
    "b_sample": "B-sample",
    "c_sample": "C-sample",
    "validation": "Validation",
    "road_test": "Road test",
    "demo_fleet": "Demo fleet",
    "pilot_line": "Pilot line",
    "small_batch": "Small batch",
    "mass_production": "Mass prod.",
    "customer_deployment": "Deployed",
}


@dataclass(frozen=True)
class Column:
    label: str
    x: float
    label_y: float


@dataclass(frozen=True)
class Rung:
    name: str
    y: float
    shown_x: float | None
    target_x: float | None
    shape: str  # "circle" (all solid-state), "square" (semi-solid), "ring" (not stated)
    target_label: str = ""

    @property
    def diamond_points(self) -> str:
        return diamond_points(self.target_x, self.y, MARK_SIZE)

    @property
    def date_x(self) -> float:
        return pixels(self.target_x + MARK_SIZE + 4)

    @property
    def square_corner(self) -> float:
        return pixels(self.shown_x - MARK_SIZE + 1)

    @property
    def square_top(self) -> float:
        return pixels(self.y - MARK_SIZE + 1)


@dataclass(frozen=True)
class LadderChart:
    width: float
    height: float
    plot_left: float
    header_height: float
    columns: list[Column] = field(default_factory=list)
    rungs: list[Rung] = field(default_factory=list)
    mark_size: int = MARK_SIZE


def _shape(chemistry: str) -> str:
    if chemistry == Chemistry.SEMI_SOLID or chemistry == BOTH:
        return "square"
    return "circle" if chemistry == Chemistry.ALL_SOLID else "ring"


def build_ladder_chart(rows) -> LadderChart | None:
    """Lay out ladder rows in their order; None when no row has anything to draw."""
    rows = [row for row in rows if row.shown is not None or row.target is not None]
    if not rows:
        return None

    def x_of(rank: int | None) -> float | None:
        if rank is None:
            return None
        return pixels(LABEL_WIDTH + rank * COLUMN_WIDTH + COLUMN_WIDTH / 2)

    columns = [
        Column(SHORT_LABELS[stage.value], x_of(rank), HEADER_HEIGHT - 10 - (rank % 2) * 18)
        for rank, stage in enumerate(SCALE)
    ]
    rungs = [
        Rung(
            name=row.company.name,
            y=pixels(HEADER_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2),
            shown_x=x_of(row.shown_rank),
            target_x=x_of(row.target_rank),
            shape=_shape(row.chemistry),
            target_label=str(row.target.date) if row.target is not None else "",
        )
        for index, row in enumerate(rows)
    ]
    return LadderChart(
        width=pixels(LABEL_WIDTH + len(SCALE) * COLUMN_WIDTH + RIGHT_PADDING),
        height=pixels(HEADER_HEIGHT + len(rungs) * ROW_HEIGHT + BOTTOM_PADDING),
        plot_left=LABEL_WIDTH,
        header_height=HEADER_HEIGHT,
        columns=columns,
        rungs=rungs,
    )
