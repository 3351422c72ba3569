"""What reverting an import batch would do, for the page that asks before it happens.

Reads only. For each entry the batch changed: every field from now (the batch's version)
back to the version before the import; each entry it created, to be deleted; each earlier
date it recorded for a restated target, to be deleted; and, when the revert would be
refused, why (see `batches.batch_revert`, which does the work).
"""

from dataclasses import dataclass, field

from django.db.models import Max

from editorial.history import FieldChange, Versions, entry_label, with_related
from timeline.models import Restatement

from .batches import BatchRevertError, batch_revert_check
from .chunks import chunked
from .models import ImportBatch
from .resources import resource_for


@dataclass
class RevertedEntry:
    pk: int
    label: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class RevertPlan:
    restored: list[RevertedEntry] = field(default_factory=list)
    deleted: list[RevertedEntry] = field(default_factory=list)
    restatements_deleted: list[str] = field(default_factory=list)
    refusal: str = ""


def revert_plan(*, batch: ImportBatch) -> RevertPlan:
    model = resource_for(batch.model)._meta.model
    plan = RevertPlan()
    try:
        batch_revert_check(batch=batch)
    except BatchRevertError as error:
        plan.refusal = str(error)
    records = list(
        with_related(model.history.filter(history_change_reason=batch.change_reason)).order_by(
            "history_id"
        )
    )
    changed = [record for record in records if record.history_type == "~"]
    first = min((record.history_id for record in records), default=0)
    previous = {}
    for chunk in chunked([record.id for record in changed]):
        ids = (
            model.history.filter(id__in=chunk, history_id__lt=first)
            .values("id")
            .annotate(previous=Max("history_id"))
            .values_list("previous", flat=True)
        )
        previous.update(
            {r.id: r for r in with_related(model.history.filter(history_id__in=list(ids)))}
        )
    versions = Versions(model, [*records, *previous.values()])
    for record in records:
        entry = RevertedEntry(record.id, entry_label(record))
        if record.history_type == "+":
            plan.deleted.append(entry)
        elif record.id in previous:
            entry.changes = versions.changes(record, previous[record.id])
            plan.restored.append(entry)
    restatements = Restatement.history.filter(
        history_change_reason=batch.change_reason, history_type="+"
    )
    plan.restatements_deleted = [entry_label(record) for record in with_related(restatements)]
    return plan
