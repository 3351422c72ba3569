"""What and when: dated milestones and targets (`events`), the earlier dates of targets the
companies moved (`restatements`), and what surrounds them: outlook bands, technical
challenges and briefings (`context`)."""

from ..choices import Chemistry, EventKind, Stage, TargetStatus
from .context import Briefing, Challenge, Horizon
from .events import OPEN_STATUSES, Event, overdue_condition
from .restatements import Restatement
from .search import SearchEntry, SearchKind, SearchTerm
from .summaries import PromiseSummary, Standing

__all__ = [
    "OPEN_STATUSES",
    "Briefing",
    "Challenge",
    "Chemistry",
    "Event",
    "EventKind",
    "Horizon",
    "PromiseSummary",
    "Restatement",
    "SearchEntry",
    "SearchKind",
    "SearchTerm",
    "Standing",
    "Stage",
    "TargetStatus",
    "overdue_condition",
]
