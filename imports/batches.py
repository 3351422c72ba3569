"""Written imports after the fact: which entries a batch touched, and undoing it.

A batch is found through its entries' history records, which all carry the batch's change
reason (`ImportBatch.change_reason`). Reverting restores what the batch changed from the
history record before it, deletes what it created, and writes history under the reverting
user; it refuses, changing nothing, when that would lose a later edit or break a reference.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editorial.bulk_history import delete_with_history, write_history
from pagecache import bump_content_version
from timeline.models import Event, PromiseSummary, Restatement
from timeline.promise_summaries import promises_refresh
from timeline.search_index import search_index_touch

from .chunks import chunked
from .models import BatchStatus, ImportBatch
from .resources import resource_for


class BatchRevertError(Exception):
    """A batch that cannot be reverted; the message says why. Nothing was changed."""


def batch_entries(*, batch: ImportBatch, limit: int = 200) -> list[dict]:
    """The entries a batch created or changed, as history records, for its admin page."""
    model = resource_for(batch.model)._meta.model
    records = model.history.filter(history_change_reason=batch.change_reason).order_by("history_id")
    return [
        {
            "action": record.get_history_type_display(),
            "label": str(record.instance),
            "pk": record.id,
        }
        for record in records[:limit]
    ]


def batch_revert_check(*, batch: ImportBatch) -> None:
    """Raise BatchRevertError if `batch_revert` would refuse this batch; changes nothing."""
    if batch.is_reverted:
        raise BatchRevertError(f"This import was already reverted on {batch.reverted_at:%Y-%m-%d}.")
    model = resource_for(batch.model)._meta.model
    records = model.history.filter(history_change_reason=batch.change_reason)
    batch_record = dict(records.values_list("id", "history_id"))
    _refuse_if_changed_later(model, batch_record)
    created = records.filter(history_type="+").values_list("id", flat=True)
    _refuse_if_referenced(model, list(created))


def batch_revert(*, batch: ImportBatch, user) -> dict[str, int]:
    """Undo a batch: restore what it changed, delete what it created, with history.

    Refuses (BatchRevertError, nothing changed) when an entry was changed after the batch,
    or when something else now refers to an entry the batch created.
    """
    if batch.is_reverted:
        raise BatchRevertError(f"This import was already reverted on {batch.reverted_at:%Y-%m-%d}.")
    model = resource_for(batch.model)._meta.model
    records = list(
        model.history.filter(history_change_reason=batch.change_reason).values_list(
            "history_id", "id", "history_type"
        )
    )
    batch_record = {entry_id: history_id for history_id, entry_id, _ in records}
    created = [entry_id for _, entry_id, kind in records if kind == "+"]
    changed = [entry_id for _, entry_id, kind in records if kind == "~"]
    _refuse_if_changed_later(model, batch_record)
    _refuse_if_referenced(model, created)
    reason = batch.revert_reason
    with transaction.atomic():
        _remove_restatements(batch, user=user, reason=reason)
        restored = _restore_previous(
            model, changed, min(batch_record.values(), default=0), user, reason
        )
        neighbours = _neighbours(model, created)
        delete_with_history(model, created, user=user, reason=reason)
        if model is Event:  # bulk writes send no signals: refresh the promises they touch
            promises_refresh([*changed, *neighbours])
        search_index_touch(model, [*changed, *created])  # deleted in bulk: no signals
        batch.status = BatchStatus.REVERTED
        batch.reverted_at = timezone.now()
        batch.reverted_by = user
        batch.save(update_fields=["status", "reverted_at", "reverted_by"])
        transaction.on_commit(bump_content_version)
    return {"restored": restored, "deleted": len(created)}


def _remove_restatements(batch: ImportBatch, *, user, reason: str) -> None:
    """Delete the earlier dates the batch kept for targets it restated (events files only)."""
    created = Restatement.history.filter(
        history_change_reason=batch.change_reason, history_type="+"
    ).values_list("id", flat=True)
    still_there = Restatement.objects.filter(pk__in=list(created)).values_list("pk", flat=True)
    delete_with_history(Restatement, list(still_there), user=user, reason=reason)


def _neighbours(model, created: list[int]) -> set[int]:
    """The stored targets the created events superseded or fulfilled: their chains change."""
    if model is not Event:
        return set()
    neighbours = set()
    for chunk in chunked(created):
        links = Event.objects.filter(pk__in=chunk).values_list("supersedes_id", "fulfils_id")
        neighbours.update(pk for pair in links for pk in pair if pk is not None)
    return neighbours - set(created)


def _refuse_if_changed_later(model, batch_record: dict[int, int]) -> None:
    """An entry with a history record after the batch's own would lose that edit."""
    history = model.history
    later = []
    for chunk in chunked(batch_record):
        latest = history.filter(id__in=chunk).values("id").annotate(last=Max("history_id"))
        later += [row["id"] for row in latest if row["last"] > batch_record[row["id"]]]
    if later:
        names = ", ".join(str(history.filter(id=pk).latest().instance) for pk in later[:3])
        more = f" and {len(later) - 3} more" if len(later) > 3 else ""
        raise BatchRevertError(
            f"{len(later)} entries were changed after this import ({names}{more}). Undo or "
            "re-apply those changes by hand; nothing was reverted."
        )


def _refuse_if_referenced(model, created: list[int]) -> None:
    if not created:
        return
    uses = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        # History and promise summaries follow the entries; they are no reason to refuse.
        if related._meta.model_name.startswith("historical") or related is PromiseSummary:
            continue
        for chunk in chunked(created):
            if relation.many_to_many:
                through = relation.through
                column = relation.field.m2m_reverse_field_name()
                count = through.objects.filter(**{f"{column}_id__in": chunk}).count()
            else:
                found = related.objects.filter(**{f"{relation.field.name}_id__in": chunk})
                if related is model:
                    found = found.exclude(pk__in=created)
                count = found.count()
            if count:
                uses.append(f"{count} {related._meta.verbose_name_plural}")
    if uses:
        raise BatchRevertError(
            "Entries this import created are now used elsewhere ("
            + ", ".join(uses)
            + " refer to them). Remove those references first; nothing was reverted."
        )


def _restore_previous(model, entry_ids: list[int], first_batch_record: int, user, reason) -> int:
    history = model.history
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    restored = 0
    now = timezone.now()
    for chunk in chunked(entry_ids):
        previous_ids = (
            history.filter(id__in=chunk, history_id__lt=first_batch_record)
            .values("id")
            .annotate(previous=Max("history_id"))
            .values_list("previous", flat=True)
        )
        previous = list(history.filter(history_id__in=list(previous_ids)))
        if len(previous) != len(chunk):
            raise BatchRevertError(
                "Some entries have no history from before this import, so their earlier "
                "state is unknown; nothing was reverted."
            )
        objects = []
        for record in previous:
            instance = record.instance
            instance.updated = now
            objects.append(instance)
        model.objects.bulk_update(objects, fields)
        _restore_previous_lists(model, chunk, previous)
        write_history(model, [o.pk for o in objects], "~", user=user, reason=reason)
        restored += len(objects)
    return restored


def _restore_previous_lists(model, entry_ids: list[int], previous: list) -> None:
    """Put back the many-to-many rows the `previous` history records hold."""
    for m2m in model.history.model._history_m2m_fields:
        history_m2m = HistoricalRecords.m2m_models[m2m]
        through = m2m.remote_field.through
        owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        through.objects.filter(**{f"{owner}_id__in": entry_ids}).delete()
        old = history_m2m.objects.filter(history_id__in=[r.pk for r in previous])
        through.objects.bulk_create(
            through(**{f"{owner}_id": owner_id, f"{target}_id": target_id})
            for owner_id, target_id in old.values_list(f"{owner}_id", f"{target}_id")
        )
