"""What and when: dated milestones and targets (`events`), and what surrounds them: outlook
bands, technical challenges and briefings (`context`)."""

from ..choices import Chemistry, EventKind, Stage, TargetStatus
from .context import Briefing, Challenge, Horizon
from .events import OPEN_STATUSES, Event, overdue_condition

__all__ = [
    "OPEN_STATUSES",
    "Briefing",
    "Challenge",
    "Chemistry",
    "Event",
    "EventKind",
    "Horizon",
    "Stage",
    "TargetStatus",
    "overdue_condition",
]
