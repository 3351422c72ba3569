"""Writes about targets that span several rows: moving a published target's date or stage.

A published target is a public promise. When its date or stage changes, the editor says what
the change is (`DateChange`): a *correction* (the tracker had it wrong) changes the target and
leaves only the history every entry keeps; a *restatement* (the company moved it) also keeps
the earlier date and stage as a `Restatement`, with when the company announced the new date
and the source that says so, and the target's `announced` becomes that day. The admin form,
the CSV import and history restores all go through `date_change_needed` and `target_restate`.
"""

from dataclasses import dataclass

from fuzzydate.core import FuzzyDate

from .choices import DateChange, EventKind
from .models import Event, Restatement

__all__ = ["DateChange", "PromisedTerms", "date_change_needed", "target_restate"]

NEEDS_A_KIND = (
    "The date or stage of this published target changed: say whether it is a correction "
    "(the tracker had it wrong) or a restatement (the company moved it)."
)
RESTATEMENT_NEEDS_A_DAY = "A restatement needs the day the company announced the new date."
RESTATEMENT_NEEDS_A_SOURCE = "A restatement needs the source that reports the new date."


@dataclass(frozen=True)
class PromisedTerms:
    """What a target promises: its date and stage, and when that was announced."""

    date: FuzzyDate | None
    stage: str
    announced: FuzzyDate | None = None

    @classmethod
    def of(cls, event: Event) -> "PromisedTerms":
        return cls(event.date, event.stage, event.announced)

    def differs_from(self, other: "PromisedTerms") -> bool:
        return str(self.date) != str(other.date) or (self.stage or "") != (other.stage or "")


def date_change_needed(*, published: bool, kind: str, before, after) -> bool:
    """Whether an edit must say correction or restatement: a published target (before the
    edit) whose date or stage differs."""
    return published and kind == EventKind.TARGET and before.differs_from(after)


def target_restate(
    *, target: Event, earlier: PromisedTerms, restated: FuzzyDate, source, user=None, reason=""
) -> Restatement:
    """Record that the company moved `target` from `earlier` to its new date and stage.

    Call it in the transaction that saves the target's new values, before that save: it sets
    the target's `announced` to `restated` (when the new date was announced), so that one save
    records the target's new version.
    """
    restatement = Restatement(
        target=target,
        date=earlier.date,
        stage=earlier.stage,
        announced=earlier.announced,
        restated=restated,
        source=source,
    )
    restatement._history_user = user
    restatement._change_reason = reason or None
    restatement.save()
    target.announced = restated
    return restatement


LINKED_REASON = "Linked as meeting a target"


def milestone_meets(*, milestone: Event, target: Event, user=None) -> None:
    """Record that `milestone` delivered `target` (its `fulfils`), as a new version."""
    milestone.fulfils = target
    milestone.full_clean(validate_unique=False, validate_constraints=True)
    milestone._history_user = user
    milestone._change_reason = LINKED_REASON
    milestone.save(update_fields=["fulfils", "updated"])
