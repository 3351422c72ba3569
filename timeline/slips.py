"""How public targets moved: slips along supersedes chains, outcomes and company scorecards.

A *promise* is one chain of targets linked by `supersedes`, oldest first, with the earlier
dates each target's company restated (`Restatement`), so its dates read "announced Apr 2024
for 2025 → announced Dec 2024 for 2027" whichever way the move was recorded; together with
the earliest milestone that fulfils any target of the chain. Everything is computed from the
fuzzy dates, never typed in:

- **Months** between two days count calendar months: Dec 2025 to Mar 2027 is 15 months.
- **Moved**: how far the promised date moved, from the first date's latest day to the
  current date's latest day ("2025" → "2027" moved 24 months; negative if pulled forward).
  A correction (the tracker had the date wrong) is not a move: it leaves no restatement.
- **Met early / on time / late**: the milestone's period is compared with the *first*
  target's period, so moving the date does not make a promise "on time". The two periods
  overlapping is on time ("~2027" met in "Mar 2027"); a milestone wholly after the target is
  late by the months from the target's latest day to the milestone's earliest day, a lower
  bound; one wholly before is early, except for a deadline ("by 2030"), where early is on time.
- **Still open**: the current target is announced or delayed and nothing fulfils it. Once
  its latest day has passed it is *overdue*, and its slip is at least the months from the
  first target's latest day to today.
- **Abandoned**: the current target was cancelled and nothing replaced or fulfilled it.
- **Met, date not recorded**: marked achieved without a fulfilling milestone on record.
- **Median slip** of a scorecard: over met promises, and open ones that moved or are overdue.

A target that supersedes two others' chains forks the history; each branch end makes its own
promise, so a fork counts once per branch. The functions here read plain attributes of
events (`date`, `status`, `supersedes_id`, `fulfils_id`, prefetched `companies`) and never
query; `timeline.slip_report` gathers them for a set of events.
"""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property

from companies.models import Company
from fuzzydate.core import FuzzyDate

from .models import Event, Stage, TargetStatus
from .outcomes import (
    MET,
    OVERDUE,
    Comparison,
    Outcome,
    PromiseReading,
    compare,
    describe_months,
    describe_slip,
    months_between,
    step_text,
)

__all__ = [
    "MET",
    "OVERDUE",
    "Comparison",
    "Outcome",
    "Promise",
    "PromiseReading",
    "Scorecard",
    "Step",
    "compare",
    "describe_months",
    "describe_slip",
    "months_between",
]


@dataclass(frozen=True)
class Step:
    """One date a promise stood at, with how far it moved from the date before.

    Oldest first: each target's earlier dates that the company restated, then the target's
    own date; a later target in a `supersedes` chain replaces the one before it. Only the
    last step is live.
    """

    target: Event
    date: FuzzyDate
    stage: str
    announced: FuzzyDate | None
    moved_months: int | None = None
    replaced: FuzzyDate | None = None  # when the next date was announced
    restatement: object = None  # the `Restatement` that replaced this date, if any

    @property
    def text(self) -> str:
        return step_text(self.announced, self.date)

    @property
    def how(self) -> str:
        """ "restated" (the company moved it), "replaced" (a later target), "" (live)."""
        if self.restatement is not None:
            return "restated"
        return "replaced" if self.replaced else ""

    @property
    def source(self):
        """The source that reports the move away from this date, when it was restated."""
        return self.restatement.source if self.restatement is not None else None

    @property
    def cited_sources(self) -> list:
        """What backs this date: the restatement's source, or the target's own sources."""
        if self.restatement is not None:
            return [self.restatement.source]
        return list(self.target.sources.all())

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""


def _restatements(target: Event) -> list:
    """The target's restatements, oldest first; none for a target never stored."""
    if target._state.adding and "restatements" not in getattr(
        target, "_prefetched_objects_cache", {}
    ):
        return []
    return list(target.restatements.all())


def _steps_of(targets: tuple[Event, ...]) -> list[Step]:
    """Every date the chain of `targets` stood at, oldest first, without the months moved."""
    steps = []
    for index, target in enumerate(targets):
        for restatement in _restatements(target):
            steps.append(
                Step(
                    target,
                    restatement.date,
                    restatement.stage,
                    restatement.announced,
                    replaced=restatement.restated,
                    restatement=restatement,
                )
            )
        following = targets[index + 1] if index + 1 < len(targets) else None
        replaced = (following.announced or following.date) if following else None
        steps.append(Step(target, target.date, target.stage, target.announced, replaced=replaced))
    return steps


@dataclass(frozen=True)
class Promise(PromiseReading):
    """A chain of targets, oldest first, with their restated dates, and what became of it."""

    targets: tuple[Event, ...]
    milestone: Event | None
    today: datetime.date

    @property
    def first(self) -> Event:
        return self.targets[0]

    @property
    def current(self) -> Event:
        return self.targets[-1]

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        steps, previous = [], None
        for step in _steps_of(self.targets):
            moved = None if previous is None else months_between(previous.latest, step.date.latest)
            steps.append(replace(step, moved_months=moved))
            previous = step.date
        return tuple(steps)

    @property
    def dated_steps(self) -> tuple[Step, ...]:
        """Every date it stood at, oldest first (the name `PromiseSummary` shares)."""
        return self.steps

    @property
    def first_date(self) -> FuzzyDate:
        """The date first promised: what the outcome is measured against."""
        return self.steps[0].date

    @property
    def earlier_steps(self) -> tuple[Step, ...]:
        """The dates this promise no longer stands at, newest first: "was ~2027, restated …"."""
        return tuple(reversed(self.steps[:-1]))

    @property
    def moves(self) -> int:
        """How many times the date (or stage) was restated or replaced."""
        return len(self.steps) - 1

    @property
    def history_text(self) -> str:
        """ "announced Apr 2024 for 2025 → announced Dec 2024 for 2027"."""
        return " → ".join(step.text for step in self.steps)

    @property
    def current_date(self) -> FuzzyDate:
        return self.current.date

    @property
    def first_latest(self) -> datetime.date:
        return self.first_date.latest

    @property
    def current_latest(self) -> datetime.date:
        return self.current_date.latest

    @property
    def moved_months(self) -> int:
        return months_between(self.first_date.latest, self.current_date.latest)

    @property
    def met_months(self) -> int | None:
        return self.comparison.months if self.comparison is not None else None

    @cached_property
    def comparison(self) -> Comparison | None:
        """The milestone against the first target, when a milestone fulfils the promise."""
        if self.milestone is None:
            return None
        return compare(self.first_date, self.milestone.date)

    @cached_property
    def outcome(self) -> Outcome:
        if self.comparison is not None:
            return self.comparison.outcome
        status = self.current.status
        if status == TargetStatus.ACHIEVED:
            return Outcome.MET_UNDATED
        if status == TargetStatus.CANCELLED:
            return Outcome.ABANDONED
        return Outcome.OPEN

    @cached_property
    def companies(self) -> list[Company]:
        """Every company named on any target of the chain, in order of first appearance."""
        seen = {}
        for target in self.targets:
            for company in target.companies.all():
                seen.setdefault(company.pk, company)
        return list(seen.values())

    def __contains__(self, target: Event) -> bool:
        return any(member.pk == target.pk for member in self.targets)


@dataclass(frozen=True)
class Scorecard:
    """How a company's public promises turned out; counts are of promises, not targets."""

    early: int = 0
    on_time: int = 0
    late: int = 0
    met_undated: int = 0
    open: int = 0
    overdue: int = 0
    abandoned: int = 0
    moved: int = 0
    median_slip: float | None = None

    @classmethod
    def of(cls, promises: Iterable[PromiseReading]) -> "Scorecard":
        promises = list(promises)
        counts = {outcome.value: 0 for outcome in Outcome}
        for promise in promises:
            counts[promise.outcome.value] += 1
        # An open promise that has neither moved nor passed its date has nothing to measure
        # yet; counting it as a zero slip would flatter the median.
        slips = [
            p.slip_months
            for p in promises
            if p.slip_months is not None and (p.outcome != Outcome.OPEN or p.has_moved)
        ]
        return cls(
            **counts,
            overdue=sum(promise.is_overdue for promise in promises),
            moved=sum(promise.moves > 0 for promise in promises),
            median_slip=statistics.median(slips) if slips else None,
        )

    @property
    def total(self) -> int:
        return self.early + self.on_time + self.late + self.met_undated + self.open + self.abandoned

    @property
    def kept(self) -> int:
        """Met early or on time."""
        return self.early + self.on_time
