"""The entries a file names, looked up for the whole file in a few queries.

`resolve_references` finds the stored entry each row updates (by its key), the primary key
behind every reference cell (a company slug, a source URL, a superseded event's slug), and
clashes of other unique values (a company's name). Unknown keys are reported on every row
that names them, with the closest existing key as a suggestion.
"""

import difflib

from .chunks import chunked
from .columns import Column
from .rows import CsvImport, Row

# Suggestions are a courtesy, not worth reading a big table for.
MAX_SUGGESTION_CANDIDATES = 5000


class References:
    """Primary keys by key text, per kind of entry a file names: {key text: pk}."""

    def __init__(self):
        # (target model, key field) -> {key text: pk}
        self._pks: dict[tuple, dict[str, int]] = {}

    def of(self, column: Column) -> dict[str, int]:
        """The keys known for the kind of entry a reference column names."""
        return self._pks.setdefault((column.widget.model, column.widget.field), {})

    def own_keys(self, importer: CsvImport) -> dict[str, int] | None:
        """The imported model's own keys, when the file refers to its own rows (supersedes)."""
        return self._pks.get((importer.model, importer.key_columns[0].attribute))


def resolve_references(importer: CsvImport) -> References:
    references = References()
    file_keys = _find_existing(importer)
    for column in importer.columns:
        if column.is_reference or column.is_reference_list:
            _resolve_column(importer, references, column, file_keys)
    _check_unique_fields(importer)
    return references


def _find_existing(importer: CsvImport) -> set:
    """Give each row the pk of the entry it updates; return the keys the file defines."""
    model = importer.model
    lookups = [column.key_lookup for column in importer.key_columns]
    keyed = [row for row in importer.rows if row.key]
    existing: dict[tuple, int] = {}
    if len(lookups) == 1:
        for chunk in chunked({row.key[0] for row in keyed}):
            found = model.objects.filter(**{f"{lookups[0]}__in": chunk})
            existing.update(((key,), pk) for key, pk in found.values_list(lookups[0], "pk"))
    else:
        for *key, pk in model.objects.values_list(*lookups, "pk"):
            existing[tuple(key)] = pk
    for row in keyed:
        row.pk = existing.get(row.key)
    if len(lookups) == 1:
        return {row.key[0] for row in keyed}
    return set()


def _resolve_column(
    importer: CsvImport, references: References, column: Column, file_keys: set
) -> None:
    target, key_field = column.widget.model, column.widget.field
    wanted = set()
    for row in importer.rows:
        value = row.values.get(column.column_name)
        if value:
            wanted.update(value if column.is_reference_list else (value,))
    # Several columns may name the same kind of entry (a partnership's two companies).
    known = references.of(column)
    for chunk in chunked(wanted):
        found = target.objects.filter(**{f"{key_field}__in": chunk})
        known.update(found.values_list(key_field, "pk"))
    in_file = file_keys if target is importer.model else set()
    unknown = wanted - known.keys() - in_file
    if unknown:
        _report_unknown(importer, column, unknown)


def _report_unknown(importer: CsvImport, column: Column, unknown: set) -> None:
    target, key_field = column.widget.model, column.widget.field
    candidates = None
    for row in importer.rows:
        value = row.values.get(column.column_name)
        keys = value if column.is_reference_list else (value,) if value else ()
        for key in keys:
            if key in unknown:
                if candidates is None:
                    candidates = _candidates(target, key_field)
                reason = _unknown_reason(importer, target, key, candidates)
                importer.fail(row, column.column_name, key, reason)


def _candidates(target, key_field) -> list[str]:
    if target.objects.count() > MAX_SUGGESTION_CANDIDATES:
        return []
    return list(target.objects.values_list(key_field, flat=True))


def _unknown_reason(importer: CsvImport, target, key: str, candidates: list[str]) -> str:
    name = target._meta.verbose_name
    where = "in the database or in this file" if target is importer.model else "in the database"
    reason = f"Unknown {name}: nothing with this key {where}."
    if target._meta.model_name == "source":
        reason += " Import the source first (sources.csv)."
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
    if close:
        reason += f' Did you mean "{close[0]}"?'
    return reason


def _check_unique_fields(importer: CsvImport) -> None:
    """Other unique fields (a company's name) must not clash in the file or the table."""
    if len(importer.key_columns) != 1:
        return
    for column in importer.columns:
        model_field = importer.model_field(column)
        if column in importer.key_columns or model_field is None or not model_field.unique:
            continue
        seen: dict[str, Row] = {}
        for row in importer.rows:
            value = row.values.get(column.column_name)
            if not value or row.failed:
                continue
            if value in seen:
                importer.fail(
                    row, column.column_name, value, f"Line {seen[value].line} has it too."
                )
            seen[value] = row
        _check_unique_in_table(importer, column, seen)


def _check_unique_in_table(importer: CsvImport, column: Column, seen: dict[str, Row]) -> None:
    key_lookup = importer.key_columns[0].key_lookup
    for chunk in chunked(seen):
        taken = importer.model.objects.filter(**{f"{column.attribute}__in": chunk})
        for value, owner in taken.values_list(column.attribute, key_lookup):
            row = seen[value]
            if row.key and row.key[0] != owner:
                importer.fail(
                    row,
                    column.column_name,
                    value,
                    f"Another {importer.model._meta.verbose_name} ({owner}) already has it.",
                )
