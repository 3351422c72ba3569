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
from typing import NamedTuple

from django.db import models

from companies.models import Company
from fuzzydate.core import FuzzyDate

from .models import Event, Stage, TargetStatus


class Outcome(models.TextChoices):
    EARLY = "early", "Met early"
    ON_TIME = "on_time", "Met on time"
    LATE = "late", "Met late"
    MET_UNDATED = "met_undated", "Met, date not recorded"
    OPEN = "open", "Still open"
    ABANDONED = "abandoned", "Abandoned"


MET = (Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE)

# The one meaning of "overdue", for readers (slips page, methodology) and editors (review
# queue) alike; `timeline.models.overdue_condition` is the same rule in SQL.
OVERDUE = (
    "A target is overdue once the latest day its date can mean has passed while it is still "
    "open: announced or delayed, met by no milestone and not replaced by a later target. A "
    "“2026” target is overdue from 1 January 2027, a “mid-2025” one from 1 September 2025."
)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Calendar months from `start` to `end`: negative when `end` comes first."""
    return (end.year - start.year) * 12 + (end.month - start.month)


class Comparison(NamedTuple):
    """How a milestone's date compares with a target's date."""

    outcome: Outcome
    months: int

    @property
    def label(self) -> str:
        return describe_slip(self.outcome, self.months)


def compare(target: FuzzyDate, achieved: FuzzyDate) -> Comparison:
    """Compare when something happened with when it was promised, allowing for fuzziness."""
    if achieved.earliest > target.latest:
        return Comparison(Outcome.LATE, months_between(target.latest, achieved.earliest))
    if achieved.latest < target.earliest and not target.deadline:
        return Comparison(Outcome.EARLY, months_between(target.earliest, achieved.latest))
    return Comparison(Outcome.ON_TIME, 0)


def describe_months(months: int) -> str:
    months = abs(months)
    if months == 0:
        return "under a month"
    return "1 month" if months == 1 else f"{months} months"


def describe_slip(outcome: Outcome, months: int | None, *, at_least: bool = False) -> str:
    """Words for an outcome and its slip: "late by 15 months", "on time", "early by 2 months"."""
    match outcome:
        case Outcome.LATE:
            return f"late by {describe_months(months)}"
        case Outcome.EARLY:
            return f"early by {describe_months(months)}"
        case Outcome.ON_TIME:
            return "on time"
        case Outcome.OPEN if at_least:
            return f"open, overdue by at least {describe_months(months)}"
        case Outcome.OPEN if months:
            direction = "later" if months > 0 else "earlier"
            return f"open, moved {describe_months(months)} {direction}"
    return str(outcome.label).lower()


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
        """ "announced Apr 2024 for 2025", or "for 2025" when the announcement is undated."""
        if self.announced:
            return f"announced {self.announced} for {self.date}"
        return f"for {self.date}"

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
class Promise:
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
    def moved_months(self) -> int:
        return months_between(self.first_date.latest, self.current.date.latest)

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

    @property
    def is_overdue(self) -> bool:
        """See `OVERDUE`: still open (the chain's end, unmet, not achieved nor cancelled) and
        past the latest day of its current date."""
        return self.outcome == Outcome.OPEN and self.current.date.latest < self.today

    @cached_property
    def slip_months(self) -> int | None:
        """Months late (negative: early) against the first target; None when unknown.

        Met: the comparison's months. Open: how far the date moved, or, once overdue, the
        months from the first target's latest day to today (a lower bound). Abandoned and
        undated: unknown.
        """
        if self.comparison is not None:
            return self.comparison.months
        if self.outcome != Outcome.OPEN:
            return None
        if self.is_overdue:
            return months_between(self.first_date.latest, self.today)
        return self.moved_months

    @property
    def has_moved(self) -> bool:
        """True when the date was moved or the result differs from the first promise."""
        return self.moves > 0 or self.moved_months != 0 or bool(self.slip_months)

    @property
    def sort_months(self) -> int:
        """What the slips page sorts by: the slip when known, else how far the date moved."""
        return self.slip_months if self.slip_months is not None else self.moved_months

    @property
    def label(self) -> str:
        return describe_slip(self.outcome, self.slip_months, at_least=self.is_overdue)

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
    def of(cls, promises: Iterable[Promise]) -> "Scorecard":
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
