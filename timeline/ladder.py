"""The ladder: "when can I buy one?" at a glance, one row per company.

Every company sits on one common scale of stages, from R&D to customer deployment
(`SCALE`; a partnership or agreement is not a step on it):

- **Shown**: the most advanced stage among the company's published milestones (a milestone
  is something that happened, with a date and, where we have one, a source). A tie goes to
  the earliest milestone that reached the stage.
- **Promised**: the company's current target, the open one (announced or delayed, not met,
  not replaced) with the most advanced stage, the earliest if several share it (a target
  whose stage the sources do not state comes after any staged one); with how many times its
  promise moved and by how many months (see `timeline.slips`).
- **Chemistry**: semi-solid or all-solid, as the company's dated events say; "not stated"
  when none says.

`ladder_rows()` does not query: it takes the companies, their public events (with companies
prefetched) and the slip report of the published events; `current_ladder()` loads those.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from companies.models import Company

from .choices import Chemistry, EventKind, Stage
from .models import Event
from .slip_report import SlipReport, slip_report
from .slips import Outcome, Promise

SCALE = (
    Stage.RESEARCH,
    Stage.A_SAMPLE,
    Stage.B_SAMPLE,
    Stage.C_SAMPLE,
    Stage.VALIDATION,
    Stage.ROAD_TEST,
    Stage.DEMO_FLEET,
    Stage.PILOT_LINE,
    Stage.SMALL_BATCH,
    Stage.MASS_PRODUCTION,
    Stage.CUSTOMER_DEPLOYMENT,
)
RANK = {stage.value: index for index, stage in enumerate(SCALE)}
RANK_OR_NONE = {*RANK, ""}  # a target whose stage the sources do not state is still a target

BOTH = "both"  # a company with semi-solid and all-solid events


@dataclass(frozen=True)
class LadderRow:
    company: object
    shown: object = None  # the milestone that shows the most advanced stage
    target: object = None  # the current target
    promise: Promise | None = None
    chemistry: str = ""  # Chemistry value, BOTH, or "" when not stated

    @property
    def shown_rank(self) -> int | None:
        return RANK[self.shown.stage] if self.shown is not None else None

    @property
    def target_rank(self) -> int | None:
        return RANK.get(self.target.stage) if self.target is not None else None

    @property
    def role(self) -> str:
        return self.company.role

    @property
    def chemistry_label(self) -> str:
        if self.chemistry == BOTH:
            return "Semi-solid and all solid-state"
        return str(Chemistry(self.chemistry).label) if self.chemistry else ""

    @property
    def moves(self) -> int:
        return self.promise.moves if self.promise is not None else 0

    @property
    def moved_months(self) -> int:
        return self.promise.moved_months if self.promise is not None else 0

    @property
    def sort_key(self) -> tuple:
        """Most advanced first: what was shown, then what is promised, then by name."""
        shown = -1 if self.shown_rank is None else self.shown_rank
        promised = -1 if self.target_rank is None else self.target_rank
        return (-shown, -promised, self.company.name.casefold())


def _on_scale(event) -> bool:
    return event.stage in RANK


def _most_advanced(events: list):
    """The event with the highest stage on the scale, the earliest among equals; events whose
    stage is not stated come last."""
    return min(events, key=lambda e: (-RANK.get(e.stage, -1), e.date.sort_key), default=None)


def _chemistry(events: list) -> str:
    stated = {e.chemistry for e in events} & {Chemistry.ALL_SOLID, Chemistry.SEMI_SOLID}
    if len(stated) == 2:
        return BOTH
    return stated.pop() if stated else ""


def ladder_rows(companies: Iterable, events: Iterable, report: SlipReport) -> list[LadderRow]:
    """One row per company, most advanced first."""
    by_company = defaultdict(list)
    for event in events:
        for company in event.companies.all():
            by_company[company.pk].append(event)
    rows = []
    for company in companies:
        own = by_company.get(company.pk, [])
        milestones = [e for e in own if e.kind == EventKind.MILESTONE and _on_scale(e)]
        open_targets = []
        for target in (e for e in own if e.kind == EventKind.TARGET and e.stage in RANK_OR_NONE):
            promise = report.for_target(target)
            if promise is not None and promise.outcome == Outcome.OPEN:
                open_targets.append(target)
        target = _most_advanced(open_targets)
        rows.append(
            LadderRow(
                company=company,
                shown=_most_advanced(milestones),
                target=target,
                promise=report.for_target(target) if target is not None else None,
                chemistry=_chemistry(own),
            )
        )
    return sorted(rows, key=lambda row: row.sort_key)


def current_ladder(*, today: datetime.date, report: SlipReport | None = None) -> list[LadderRow]:
    """The ladder of every published company, from today's public events.

    Pass the slip report of the published events when the page has one already.
    """
    companies = Company.objects.published().order_by("name")
    events = (
        Event.objects.published()
        .live()
        .prefetch_related(
            Prefetch("companies", queryset=Company.objects.published().order_by("name"))
        )
    )
    if report is None:
        report = slip_report(Event.objects.published(), today=today)
    return ladder_rows(companies, events, report)
