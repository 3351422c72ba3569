"""Each row checked against the model and compared with the entry it would change.

`compare_rows` fills an entry (stored or new) with a row's values, validates its fields as
the model does, applies the rules that span fields (`rules`), and records what the row
would do: new, updated (with every changed column, before and after, as cell text) or
unchanged. Stored entries, their lists and their references are read a chunk of rows at a
time, a few queries per chunk. The result is a `Plan` that `write` carries out.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from timeline.models import Event

from .chunks import CHUNK, chunked
from .columns import Column
from .promises import DateChanges, PlannedRestatement
from .report import RowAction, RowResult
from .resolve import References
from .rows import CsvImport, Row
from .rules import check_row_rules


@dataclass
class Plan:
    """What a checked file writes: new rows, stored entries with the columns that changed,
    and the earlier dates of targets their companies restated."""

    new_rows: list[Row] = field(default_factory=list)
    updates: list[tuple[models.Model, list[Column], Row]] = field(default_factory=list)
    restatements: list[PlannedRestatement] = field(default_factory=list)


def compare_rows(importer: CsvImport, references: References) -> Plan:
    plan = Plan()
    model = importer.model
    plain = importer.plain_columns
    validated = [column.attribute for column in plain]
    exclude = [f.name for f in model._meta.fields if f.name not in validated]
    date_changes = DateChanges(importer) if model is Event else None
    for number, chunk in enumerate(chunked(importer.rows)):
        done = number * CHUNK / len(importer.rows)
        importer.progress(
            0.4 + 0.35 * done, f"Comparing row {number * CHUNK + 1:,} with the database"
        )
        existing = model.objects.in_bulk([row.pk for row in chunk if row.pk])
        current_lists = _current_lists(importer, existing)
        current_refs = _current_references(importer, existing.values())
        for row in chunk:
            instance = existing.get(row.pk) if row.pk else model()
            before, promised = {}, None
            if row.pk:
                before = _rendered_current(importer, instance, current_lists, current_refs)
                promised = date_changes.before(instance) if date_changes else None
            apply_values(importer, references, instance, row, plain)
            _check_fields(importer, instance, row, plain, exclude)
            check_row_rules(importer, instance, row)
            restatement = date_changes.check(promised, instance, row) if promised else None
            if row.failed:
                key = importer.key_text(row.key) or "?"
                importer.report.rows.append(RowResult(row.line, key, RowAction.ERROR))
                continue
            if restatement is not None:
                plan.restatements.append(restatement)
            _record(importer, plan, instance, row, before, restatement)
    return plan


def apply_values(
    importer: CsvImport, references: References, instance, row: Row, plain: list[Column]
) -> None:
    """Set the row's `plain` values and all its references (as ids) on the entry."""
    for column in plain:
        if column.column_name not in row.values:
            continue
        value = row.values[column.column_name]
        model_field = importer.model_field(column)
        # An empty optional cell takes the model's default (a source's kind: news).
        if (
            value in ("", None)
            and model_field is not None
            and not model_field.blank
            and model_field.has_default()
        ):
            value = model_field.get_default()
        setattr(instance, column.attribute, value)
    for column in importer.columns:
        if column.is_reference and column.column_name in row.values:
            key = row.values[column.column_name]
            known = references.of(column)
            setattr(instance, f"{column.attribute}_id", known.get(key) if key else None)


def _check_fields(importer: CsvImport, instance, row: Row, plain: list[Column], exclude) -> None:
    """The model's own field validation (lengths, URLs, choices) on the cells the row has."""
    # A cell that could not be read is reported once, not again as "blank".
    unread = [c.attribute for c in plain if c.column_name not in row.values]
    try:
        instance.clean_fields(exclude=exclude + unread)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = next((c for c in plain if c.attribute == name), None)
            column_name = column.column_name if column else name
            value = row.values.get(column_name, getattr(instance, name, ""))
            importer.fail(row, column_name, value, " ".join(messages))


def _rendered_current(importer: CsvImport, instance, current_lists, current_refs) -> dict:
    """The stored entry's cells as an export would write them, by column name."""
    rendered = {}
    for column in importer.columns:
        if column in importer.key_columns:
            continue
        if column.is_reference_list:
            keys = current_lists[column.column_name].get(instance.pk, ())
            rendered[column.column_name] = column.widget.render(keys)
        elif column.is_reference:
            ref_id = getattr(instance, f"{column.attribute}_id")
            rendered[column.column_name] = current_refs[column.column_name].get(ref_id, "")
        else:
            value = getattr(instance, column.attribute)
            rendered[column.column_name] = column.widget.render(value)
    return rendered


def _rendered_row(importer: CsvImport, instance, row: Row) -> dict[str, str]:
    """The row's cells (key columns aside) as the entry will hold them, by column name."""
    rendered = {}
    for column in importer.columns:
        if column in importer.key_columns or column.column_name not in row.values:
            continue
        value = row.values[column.column_name]
        if not (column.is_reference or column.is_reference_list):
            value = getattr(instance, column.attribute)  # after defaults were applied
        rendered[column.column_name] = column.widget.render(value)
    return rendered


def _current_lists(importer: CsvImport, existing: dict) -> dict[str, dict[int, list[str]]]:
    """The keys each existing entry now lists, per list column: one query per column."""
    current = {}
    for column in importer.columns:
        if not column.is_reference_list:
            continue
        owners: dict[int, list[str]] = defaultdict(list)
        if existing:
            m2m = importer.model._meta.get_field(column.attribute)
            through = m2m.remote_field.through
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            pairs = through.objects.filter(**{f"{owner}_id__in": list(existing)}).values_list(
                f"{owner}_id", f"{target}__{column.widget.field}"
            )
            for owner_id, key in pairs:
                owners[owner_id].append(key)
        current[column.column_name] = owners
    return current


def _current_references(importer: CsvImport, instances) -> dict[str, dict[int, str]]:
    """The key text each existing entry now refers to, per reference column."""
    current = {}
    for column in importer.columns:
        if not column.is_reference or column in importer.key_columns:
            continue
        ids = {getattr(i, f"{column.attribute}_id") for i in instances} - {None}
        target = column.widget.model
        current[column.column_name] = dict(
            target.objects.filter(pk__in=ids).values_list("pk", column.widget.field)
        )
    return current


def _record(
    importer: CsvImport, plan: Plan, instance, row: Row, before: dict, restatement=None
) -> None:
    """Add the row to the plan and the report: new, updated with its changes, or unchanged."""
    report = importer.report
    key = importer.key_text(row.key)
    if not row.pk:
        plan.new_rows.append(row)
        report.new += 1
        values = tuple(_rendered_row(importer, instance, row).items())
        report.rows.append(RowResult(row.line, key, RowAction.NEW, values=values))
        return
    changes, changed_columns = [], []
    for column_name, after in _rendered_row(importer, instance, row).items():
        if after != before[column_name]:
            changes.append((column_name, before[column_name], after))
            changed_columns.append(importer.by_name[column_name])
    if restatement is not None:
        changes.append(("date_change", "", restatement.describe()))
    if changes:
        plan.updates.append((instance, changed_columns, row))
        report.updated += 1
        report.rows.append(RowResult(row.line, key, RowAction.UPDATED, tuple(changes)))
    else:
        report.unchanged += 1
        report.rows.append(RowResult(row.line, key, RowAction.UNCHANGED))
