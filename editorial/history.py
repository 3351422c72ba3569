"""Read, compare and restore the versions django-simple-history keeps of every entry.

Works for any model with `HistoricalRecords`, many-to-many fields included when they are
listed in `m2m_fields`. Differences are told in the words an editor uses: field labels,
choice labels, fuzzy dates as typed, related entries by name ("Companies: added Factorial
Energy; removed Ford").

`Versions` loads what a set of versions needs (their related rows and the names those point
at) in a fixed number of queries, so a page of fifty versions costs what a page of five does.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model, get_m2m_reverse_field_name

EMPTY = "(empty)"
CHANGE_REASON_MAX_LENGTH = 100

HISTORY_TYPE_WORDS = {"+": "Added", "~": "Changed", "-": "Deleted"}


class RestoreError(Exception):
    """A version that cannot be made current as it is; the message tells the editor why."""


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions, in words."""

    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    many: bool = False

    def __str__(self) -> str:
        if self.many:
            parts = []
            if self.added:
                parts.append("added " + ", ".join(self.added))
            if self.removed:
                parts.append("removed " + ", ".join(self.removed))
            return f"{self.label}: {'; '.join(parts)}"
        return f"{self.label}: {self.old} → {self.new}"


@dataclass
class Restored:
    """What a restore wrote, and what it had to leave out because it no longer exists."""

    entry: models.Model
    notes: list[str] = field(default_factory=list)


def history_model_for(model: type[models.Model]) -> type[models.Model]:
    return get_history_model_for_model(model)


def compared_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields an editor sets, in form order: what a comparison looks at.

    Computed columns (`editable=False`, such as fuzzy date bounds and timestamps) and the
    primary key are left out: they change as a consequence, not as an edit.
    """
    history_model = history_model_for(model)
    fields = [f for f in history_model.tracked_fields if f.editable and not f.primary_key]
    fields += list(history_model._history_m2m_fields)
    return sorted(fields, key=lambda f: f.creation_counter)


def with_related(records: models.QuerySet) -> models.QuerySet:
    """Historical records with their user and the rows their foreign keys point at.

    An entry's `__str__` may read a foreign key (a partnership names its two companies);
    selecting them here keeps lists of versions at one query.
    """
    foreign_keys = [f.name for f in records.model.tracked_fields if f.many_to_one]
    return records.select_related("history_user", *foreign_keys)


def entry_as_of(record) -> models.Model:
    """The entry as `record` saw it, reusing any related rows loaded with the record."""
    entry = record.instance
    for model_field in type(entry)._meta.concrete_fields:
        if not model_field.many_to_one:
            continue
        record_field = record._meta.get_field(model_field.name)
        if record_field.is_cached(record):
            model_field.set_cached_value(entry, record_field.get_cached_value(record))
    return entry


def entry_label(record) -> str:
    try:
        return str(entry_as_of(record))
    except models.ObjectDoesNotExist:
        return f"{record.instance_type._meta.verbose_name} #{record.pk}"


def version_label(record) -> str:
    """How a version is named in messages and change reasons: its date and time."""
    return format_date(timezone.localtime(record.history_date), "j M Y H:i")


class Versions:
    """Versions of one model's entries, with their related rows and names loaded at once.

    Give it every historical record a page will compare; then `changes(old, new)` and
    `changes_from_previous()` run no query at all.
    """

    def __init__(self, model: type[models.Model], records: Iterable):
        self.model = model
        self.records = list(records)
        self.fields = compared_fields(model)
        self._related_ids: dict[str, dict[int, frozenset]] = {}
        self._names: dict[type[models.Model], dict] = defaultdict(dict)
        self._load()

    def _load(self) -> None:
        record_ids = [record.history_id for record in self.records]
        wanted: dict[type[models.Model], set] = defaultdict(set)
        history_model = history_model_for(self.model)
        for model_field in self.fields:
            if model_field.many_to_many:
                rows_model = getattr(history_model, model_field.name).model
                target = rows_model._meta.get_field(get_m2m_reverse_field_name(model_field))
                by_record = defaultdict(set)
                if record_ids:
                    rows = rows_model.objects.filter(history_id__in=record_ids).values_list(
                        "history_id", target.attname
                    )
                    for record_id, target_id in rows:
                        by_record[record_id].add(target_id)
                self._related_ids[model_field.name] = {
                    record_id: frozenset(ids) for record_id, ids in by_record.items()
                }
                for ids in by_record.values():
                    wanted[model_field.related_model].update(ids)
            elif model_field.many_to_one:
                for record in self.records:
                    value = getattr(record, model_field.attname)
                    if value is not None:
                        wanted[model_field.related_model].add(value)
        for related_model, ids in wanted.items():
            self._names[related_model] = names_of(related_model, ids)

    def related_ids(self, record, field_name: str) -> frozenset:
        return self._related_ids.get(field_name, {}).get(record.history_id, frozenset())

    def changes(self, old, new) -> list[FieldChange]:
        """What differs from version `old` to version `new`, field by field."""
        changes = []
        for model_field in self.fields:
            label = capfirst(model_field.verbose_name)
            if model_field.many_to_many:
                before = self.related_ids(old, model_field.name)
                after = self.related_ids(new, model_field.name)
                if before != after:
                    names = self._names[model_field.related_model]
                    changes.append(
                        FieldChange(
                            label,
                            added=tuple(sorted(names[pk] for pk in after - before)),
                            removed=tuple(sorted(names[pk] for pk in before - after)),
                            many=True,
                        )
                    )
                continue
            before = getattr(old, model_field.attname)
            after = getattr(new, model_field.attname)
            if before == after or (_blank(before) and _blank(after)):
                continue
            changes.append(
                FieldChange(
                    label,
                    old=self.value_text(model_field, before),
                    new=self.value_text(model_field, after),
                )
            )
        return changes

    def changes_from_previous(self) -> list[tuple[object, list[FieldChange] | None]]:
        """Each record, newest first, with what it changed compared to the one before.

        Records must be ordered newest first. The oldest record's changes are None: the
        version before it is not in the set (it is the first version, or on another page).
        """
        described = []
        for newer, older in zip(self.records, [*self.records[1:], None], strict=True):
            described.append((newer, None if older is None else self.changes(older, newer)))
        return described

    def value_text(self, model_field: models.Field, value) -> str:
        if _blank(value):
            return EMPTY
        if model_field.many_to_one:
            return self._names[model_field.related_model].get(value, str(value))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, datetime.datetime):
            return format_date(timezone.localtime(value), "j M Y H:i")
        if isinstance(value, datetime.date):
            return format_date(value, "j M Y")
        return str(value)


def _blank(value) -> bool:
    return value is None or value == ""


def names_of(model: type[models.Model], ids: Iterable) -> dict:
    """Names of rows by primary key; rows deleted since are named from their history."""
    ids = set(ids)
    if not ids:
        return {}
    names = {pk: str(row) for pk, row in model._base_manager.in_bulk(ids).items()}
    missing = ids - names.keys()
    if missing:
        try:
            history_model = history_model_for(model)
        except NotHistoricalModelError:
            history_model = None
        if history_model is not None:
            records = history_model.objects.filter(id__in=missing).order_by("id", "-history_id")
            for record in records:
                names.setdefault(record.id, f"{entry_label(record)} (deleted)")
        for pk in missing - names.keys():
            names[pk] = f"{model._meta.verbose_name} #{pk} (deleted)"
    return names


def versions_of(entry_or_model, object_id=None) -> models.QuerySet:
    """An entry's historical records, newest first (by model and id for deleted entries)."""
    if object_id is None:
        model, object_id = type(entry_or_model), entry_or_model.pk
    else:
        model = entry_or_model
    history_model = history_model_for(model)
    return history_model.objects.filter(id=object_id).order_by("-history_date", "-history_id")


def latest_version_id(model: type[models.Model], object_id) -> int | None:
    """The newest history id of an entry: it changes on every recorded write."""
    return (
        history_model_for(model)
        .objects.filter(id=object_id)
        .aggregate(latest=Max("history_id"))["latest"]
    )


def latest_version_ids(model: type[models.Model], object_ids: Iterable) -> dict:
    """The newest history id of each of several entries, in one query."""
    rows = (
        history_model_for(model)
        .objects.filter(id__in=list(object_ids))
        .order_by()
        .values("id")
        .annotate(latest=Max("history_id"))
    )
    return {row["id"]: row["latest"] for row in rows}


def version_restore(*, record, user) -> Restored:
    """Make an older version current again, with its related entries, as one new version.

    Works for deleted entries too. Related entries that have been deleted since are left
    out (and named in `notes`); a required one that is gone stops the restore. The new
    version is recorded with `user` and the reason "Restored version of <date> by <user>".
    """
    model = record.instance_type
    entry = record.instance
    # Compared with the row of the same id, if any, rather than as a new entry: its own slug
    # is no conflict, and saving updates it (or inserts it again if it was deleted).
    entry._state.adding = False
    notes = _drop_missing_foreign_keys(entry)
    related = {}
    versions = Versions(model, [record])
    for model_field in type(record)._history_m2m_fields:
        ids = versions.related_ids(record, model_field.name)
        existing = set(
            model_field.related_model._base_manager.filter(pk__in=ids).values_list("pk", flat=True)
        )
        if missing := ids - existing:
            names = names_of(model_field.related_model, missing)
            notes.append(
                f"{capfirst(model_field.verbose_name)}: left out "
                f"{', '.join(sorted(names.values()))}, which no longer exist."
            )
        related[model_field.name] = existing
    try:
        entry.validate_unique()
        entry.validate_constraints()
    except ValidationError as error:
        raise RestoreError(
            "This version cannot be restored: " + " ".join(error.messages)
        ) from error

    reason = f"Restored version of {version_label(record)} by {user}"
    with transaction.atomic():
        # Write the fields and relations first without history, then record the result once,
        # so the restore is a single version whose related rows are the restored ones.
        entry.skip_history_when_saving = True
        try:
            entry.save()
            for name, ids in related.items():
                getattr(entry, name).set(ids)
        finally:
            del entry.skip_history_when_saving
        entry._history_user = user
        entry._change_reason = reason[:CHANGE_REASON_MAX_LENGTH]
        entry.save()
    return Restored(entry, notes)


def _drop_missing_foreign_keys(entry: models.Model) -> list[str]:
    notes = []
    for model_field in entry._meta.concrete_fields:
        if not model_field.many_to_one:
            continue
        value = getattr(entry, model_field.attname)
        if value is None or model_field.related_model._base_manager.filter(pk=value).exists():
            continue
        name = names_of(model_field.related_model, [value])[value]
        label = capfirst(model_field.verbose_name)
        if not model_field.null:
            raise RestoreError(f"{label} {name} no longer exists: restore it first.")
        setattr(entry, model_field.attname, None)
        notes.append(f"{label}: left empty, as {name} no longer exists.")
    return notes


def deleted_entries(model: type[models.Model]) -> models.QuerySet:
    """The deletion record of each entry that no longer exists, latest deletion first."""
    history_model = history_model_for(model)
    last_deletions = (
        history_model.objects.filter(history_type="-")
        .order_by()  # the default ordering would split the groups
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    return with_related(
        history_model.objects.filter(history_id__in=last_deletions)
        .exclude(id__in=model._base_manager.values("pk"))
        .order_by("-history_date", "-history_id")
    )


def last_live_version(model: type[models.Model], object_id):
    """The newest version of an entry from before it was deleted, or None."""
    return versions_of(model, object_id).exclude(history_type="-").first()


def deleted_entry_restore(*, model: type[models.Model], object_id, user) -> Restored:
    """Bring a deleted entry back as it was just before it was deleted."""
    if model._base_manager.filter(pk=object_id).exists():
        raise RestoreError("This entry exists: it was restored already.")
    record = last_live_version(model, object_id)
    if record is None:
        raise RestoreError("There is no recorded version of this entry to restore.")
    return version_restore(record=record, user=user)


@dataclass(frozen=True)
class Change:
    """One recorded write, for lists of recent changes across models."""

    record: object
    model: type[models.Model]
    label: str

    @property
    def action(self) -> str:
        return HISTORY_TYPE_WORDS.get(self.record.history_type, self.record.history_type)


def latest_changes(model_classes: Sequence[type[models.Model]], *, limit: int = 10) -> list[Change]:
    """The newest recorded writes across several models: one query per model."""
    changes = []
    for model in model_classes:
        records = with_related(history_model_for(model).objects.order_by("-history_date"))
        changes += [Change(record, model, entry_label(record)) for record in records[:limit]]
    changes.sort(key=lambda change: change.record.history_date, reverse=True)
    return changes[:limit]
