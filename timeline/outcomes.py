"""Outcomes of promises and the words for them, and what readers see of a promise on a day.

Pure Python, no database: `timeline.slips` computes promises from events, and
`timeline.models.PromiseSummary` keeps their facts in the database; both read them through
`PromiseReading`, so "overdue" and "late by 15 months" mean the same wherever they show.
"""

import datetime
from typing import NamedTuple

from django.db import models

from fuzzydate.core import FuzzyDate


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


class PromiseReading:
    """What readers see of a promise, from the facts it has, read on `today`.

    Shared by `Promise` (computed from events) and `timeline.models.PromiseSummary` (the
    same facts kept current in the database). A class using it provides `outcome`,
    `first_latest` and `current_latest` (the last day of the first and the current date),
    `met_months` (the months late or early of a met promise, else None), `moved_months`,
    `moves` and `today`.
    """

    @property
    def is_overdue(self) -> bool:
        """See `OVERDUE`: still open (the chain's end, unmet, not achieved nor cancelled) and
        past the latest day of its current date."""
        return self.outcome == Outcome.OPEN and self.current_latest < self.today

    @property
    def slip_months(self) -> int | None:
        """Months late (negative: early) against the first target; None when unknown.

        Met: the comparison's months. Open: how far the date moved, or, once overdue, the
        months from the first target's latest day to today (a lower bound). Abandoned and
        undated: unknown.
        """
        if self.met_months is not None:
            return self.met_months
        if self.outcome != Outcome.OPEN:
            return None
        if self.is_overdue:
            return months_between(self.first_latest, self.today)
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


def step_text(announced, date) -> str:
    """ "announced Apr 2024 for 2025", or "for 2025" when the announcement is undated."""
    return f"announced {announced} for {date}" if announced else f"for {date}"
