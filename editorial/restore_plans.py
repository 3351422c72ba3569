"""What a restore would write, told before it is confirmed. Reads only; writes nothing.

A restore page (of a version, or of a deleted entry) shows this plan: for an entry that
exists, each field that changes from its current version to the restored one; for an
entry that no longer exists, every value it is re-created with; and in both cases the
related entries the restore has to leave out because they have been deleted since.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst

from .history import FieldChange, Versions, names_of, versions_of, with_related


@dataclass
class RestorePlan:
    record: object
    recreated: bool
    changes: list[FieldChange] = field(default_factory=list)
    values: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def restore_plan(*, record) -> RestorePlan:
    """What `version_restore(record=record)` would do to the entry as it is now."""
    model = record.instance_type
    exists = model._base_manager.filter(pk=record.id).exists()
    current = (
        with_related(versions_of(model, record.id)).exclude(history_type="-").first()
        if exists
        else None
    )
    records = [record] if current is None else [current, record]
    versions = Versions(model, records)
    plan = RestorePlan(record, recreated=not exists, notes=missing_related(versions, record))
    if current is not None:
        plan.changes = versions.changes(current, record)
        return plan
    for model_field in versions.fields:
        if model_field.many_to_many:
            ids = versions.related_ids(record, model_field.name)
            names = names_of(model_field.related_model, ids).values()
            text = ", ".join(sorted(names)) or "(none)"
        else:
            text = versions.value_text(model_field, getattr(record, model_field.attname))
        plan.values.append((capfirst(model_field.verbose_name), text))
    return plan


def missing_related(versions: Versions, record) -> list[str]:
    """The related entries of a version that no longer exist, as the restore reports them."""
    notes = []
    for model_field in versions.fields:
        related = model_field.related_model
        if model_field.many_to_many:
            ids = set(versions.related_ids(record, model_field.name))
        elif model_field.many_to_one and getattr(record, model_field.attname) is not None:
            ids = {getattr(record, model_field.attname)}
        else:
            continue
        missing = ids - set(related._base_manager.filter(pk__in=ids).values_list("pk", flat=True))
        if missing:
            names = ", ".join(sorted(names_of(related, missing).values()))
            verb = "left out" if model_field.many_to_many or model_field.null else "missing"
            notes.append(f"{capfirst(model_field.verbose_name)}: {verb} {names}, deleted since.")
    return notes
