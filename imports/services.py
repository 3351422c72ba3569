"""CSV import, export and revert: the one place where a file's rows become database writes.

`csv_import` reads a whole file, reports every problem with its line, column, value and
reason, and compares each row with the entry it would change. Only a file without a single
problem is written, in one transaction, with bulk queries that also write the history
(under the importing user, with the batch named as the change reason). The admin and the
`import_csv` command both call it, so they accept and refuse exactly the same files.

Why not django-import-export's own `import_data`: it works row by row (a few queries per
row and per reference), keeps valid rows when others fail, silently ignores unknown columns
and unknown many-to-many keys, and writes no history in bulk mode. The resources still
define every column and how its cells read; only the driving loop lives here.
"""

import csv
import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.models import HistoricalRecords

from editorial.bulk_history import write_history
from fuzzydate.fields import sync_fuzzy_bounds
from pagecache import bump_content_version
from timeline.models import Event, EventKind, TargetStatus

from .columns import Column, unescape_formula
from .models import BatchStatus, ImportBatch
from .reader import FileProblem, check_size, decode, match_header, read_rows
from .resources import CsvResource, resource_for

# Rows per query: small enough for SQLite's variable limit, large enough to stay fast.
CHUNK = 1000


class RowAction:
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: where it is (line and column; None for the whole file) and why."""

    line: int | None
    column: str
    value: str
    reason: str

    def __str__(self):
        where = f"line {self.line}" if self.line else "file"
        if self.column:
            where += f", column {self.column}"
        if self.value:
            where += f", value {self.value!r}"
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class RowResult:
    """What a row does: its key, new/updated/unchanged/error, and (column, before, after)."""

    line: int
    key: str
    action: str
    changes: tuple[tuple[str, str, str], ...] = ()


@dataclass
class ImportReport:
    model: str
    file_name: str
    rows: list[RowResult] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.batch is not None

    @property
    def error_lines(self) -> int:
        return len({error.line for error in self.errors})

    def summary(self) -> str:
        return f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"


class BatchRevertError(Exception):
    """A batch that cannot be reverted; the message says why. Nothing was changed."""


def chunked(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# ----------------------------------------------------------------------------- export


def csv_export(*, model: str, stream, queryset=None, bom: bool = False) -> int:
    """Write the model's CSV (all entries, or `queryset`) to a text stream; return the rows."""
    resource = resource_for(model)
    if queryset is None:
        queryset = resource._meta.model.objects.all()
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream)
    count = -1
    for count, cells in enumerate(resource.export_rows(queryset)):  # noqa: B007
        writer.writerow(cells)
    return count


def csv_template(*, model: str, stream) -> None:
    """Write the header and one example row, for editors starting a new file."""
    stream.write("\ufeff")
    csv.writer(stream).writerows(resource_for(model).template_rows())


# ----------------------------------------------------------------------------- import


@dataclass(slots=True)
class _Row:
    line: int
    values: dict
    key: tuple
    pk: int | None = None
    failed: bool = False


class _Import:
    """The state of one import while it is checked: rows, lookups, errors and the plan."""

    def __init__(self, resource: CsvResource, columns: list[Column], report: ImportReport):
        self.resource = resource
        self.model = resource._meta.model
        self.columns = columns
        self.by_name = {column.column_name: column for column in columns}
        self.key_columns = resource.get_key_columns()
        self.report = report
        self.rows: list[_Row] = []
        self.new_rows: list[_Row] = []
        self.updates: list[tuple[models.Model, list[Column], _Row]] = []
        # (target model, key field) -> {key text: pk}, for every reference in the file
        self.references: dict[tuple, dict[str, int]] = {}
        self.file_keys: set[str] = set()

    # -- errors

    def fail(self, row: _Row | None, column: str, value, reason: str) -> None:
        if row is not None:
            row.failed = True
        text = value if isinstance(value, str) else self._render(column, value)
        self.report.errors.append(RowError(row.line if row else None, column, text, reason))

    def _render(self, column_name: str, value) -> str:
        column = self.by_name.get(column_name)
        return column.widget.render(value) if column else ("" if value is None else str(value))

    # -- reading

    def parse(self, header: list[str], lines) -> None:
        names = match_header(
            header,
            known=[column.column_name for column in self.resource.get_columns()],
            required=[
                column.column_name for column in self.resource.get_columns() if column.required
            ],
        )
        slots = [self.by_name[name] if name else None for name in names]
        self.columns = [column for column in slots if column is not None]
        self.by_name = {column.column_name: column for column in self.columns}
        first_seen: dict[tuple, int] = {}
        for csv_line in lines:
            row = _Row(csv_line.line, {}, ())
            cells = csv_line.cells
            if len(cells) > len(slots) and any(cell.strip() for cell in cells[len(slots) :]):
                self.fail(
                    row,
                    "",
                    "",
                    f"This row has {len(cells)} cells but the header names {len(slots)} columns.",
                )
            for column, cell in zip(slots, cells, strict=False):
                if column is None:
                    if cell.strip():
                        self.fail(row, "", cell, "This value is in a column without a name.")
                    continue
                try:
                    value = column.widget.clean(unescape_formula(cell))
                except ValueError as error:
                    self.fail(row, column.column_name, cell, str(error))
                    continue
                if column.required and value in ("", None, ()):
                    self.fail(row, column.column_name, cell, "This column is required.")
                    continue
                row.values[column.column_name] = value
            for column in slots[len(cells) :]:
                if column is not None and column.required:
                    self.fail(row, column.column_name, "", "This column is required.")
            if all(column.column_name in row.values for column in self.key_columns):
                row.key = tuple(row.values[column.column_name] for column in self.key_columns)
                if row.key in first_seen:
                    self.fail(
                        row,
                        self.key_columns[0].column_name,
                        self._key_text(row.key),
                        f"Duplicate: line {first_seen[row.key]} has the same key.",
                    )
                else:
                    first_seen[row.key] = row.line
            self.rows.append(row)
        if not self.rows:
            raise FileProblem("The file has a header but no rows.")

    def _key_text(self, key: tuple) -> str:
        return " + ".join(str(part) for part in key)

    # -- looking things up, a few queries for the whole file

    def resolve(self) -> None:
        self._find_existing()
        for column in self.columns:
            if column.is_reference or column.is_reference_list:
                self._resolve_references(column)
        self._check_unique_fields()

    def _find_existing(self) -> None:
        lookups = [column.key_lookup for column in self.key_columns]
        keyed = [row for row in self.rows if row.key]
        existing: dict[tuple, int] = {}
        if len(lookups) == 1:
            for chunk in chunked({row.key[0] for row in keyed}):
                found = self.model.objects.filter(**{f"{lookups[0]}__in": chunk})
                existing.update(((key,), pk) for key, pk in found.values_list(lookups[0], "pk"))
        else:
            for *key, pk in self.model.objects.values_list(*lookups, "pk"):
                existing[tuple(key)] = pk
        for row in keyed:
            row.pk = existing.get(row.key)
        if len(lookups) == 1:
            self.file_keys = {row.key[0] for row in keyed}

    def _resolve_references(self, column: Column) -> None:
        target, key_field = column.widget.model, column.widget.field
        wanted = set()
        for row in self.rows:
            value = row.values.get(column.column_name)
            if value:
                wanted.update(value if column.is_reference_list else (value,))
        known: dict[str, int] = {}
        for chunk in chunked(wanted):
            found = target.objects.filter(**{f"{key_field}__in": chunk})
            known.update(found.values_list(key_field, "pk"))
        # Several columns may name the same kind of entry (a partnership's two companies).
        known = self.references.setdefault((target, key_field), {}) | known
        self.references[(target, key_field)] = known
        in_file = self.file_keys if target is self.model else set()
        unknown = wanted - known.keys() - in_file
        if not unknown:
            return
        candidates = None
        for row in self.rows:
            value = row.values.get(column.column_name)
            keys = value if column.is_reference_list else (value,) if value else ()
            for key in keys:
                if key in unknown:
                    if candidates is None:
                        candidates = self._candidates(target, key_field)
                    self.fail(row, column.column_name, key, self._unknown(target, key, candidates))

    def _candidates(self, target, key_field) -> list[str]:
        if target.objects.count() > 5000:  # suggestions are a courtesy, not worth a big read
            return []
        return list(target.objects.values_list(key_field, flat=True))

    def _unknown(self, target, key: str, candidates: list[str]) -> str:
        name = target._meta.verbose_name
        where = "in the database or in this file" if target is self.model else "in the database"
        reason = f"Unknown {name}: nothing with this key {where}."
        if target._meta.model_name == "source":
            reason += " Import the source first (sources.csv)."
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.75)
        if close:
            reason += f' Did you mean "{close[0]}"?'
        return reason

    def _check_unique_fields(self) -> None:
        """Other unique fields (a company's name) must not clash in the file or the table."""
        if len(self.key_columns) != 1:
            return
        key_lookup = self.key_columns[0].key_lookup
        for column in self.columns:
            model_field = self._model_field(column)
            if column in self.key_columns or model_field is None or not model_field.unique:
                continue
            seen: dict[str, _Row] = {}
            for row in self.rows:
                value = row.values.get(column.column_name)
                if not value or row.failed:
                    continue
                if value in seen:
                    self.fail(
                        row, column.column_name, value, f"Line {seen[value].line} has it too."
                    )
                seen[value] = row
            for chunk in chunked(seen):
                taken = self.model.objects.filter(**{f"{column.attribute}__in": chunk})
                for value, owner in taken.values_list(column.attribute, key_lookup):
                    row = seen[value]
                    if row.key and row.key[0] != owner:
                        self.fail(
                            row,
                            column.column_name,
                            value,
                            f"Another {self.model._meta.verbose_name} ({owner}) already has it.",
                        )

    def _model_field(self, column: Column):
        try:
            return self.model._meta.get_field(column.attribute)
        except Exception:  # a column that is not a model field
            return None

    # -- checking each row against the model and comparing it with what is stored

    def compare(self) -> None:
        plain = [
            column
            for column in self.columns
            if not (column.is_reference or column.is_reference_list)
        ]
        validated = [column.attribute for column in plain]
        exclude = [
            model_field.name
            for model_field in self.model._meta.fields
            if model_field.name not in validated
        ]
        for chunk in chunked(self.rows):
            existing = self.model.objects.in_bulk([row.pk for row in chunk if row.pk])
            current_lists = self._current_lists(existing)
            current_refs = self._current_references(existing.values())
            for row in chunk:
                instance = existing.get(row.pk) if row.pk else self.model()
                before = {}
                if row.pk:
                    before = self._rendered_current(instance, current_lists, current_refs)
                self._apply(instance, row, plain)
                # A cell that could not be read is reported once, not again as "blank".
                unread = [c.attribute for c in plain if c.column_name not in row.values]
                try:
                    instance.clean_fields(exclude=exclude + unread)
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        column = next((c for c in plain if c.attribute == name), None)
                        column_name = column.column_name if column else name
                        value = row.values.get(column_name, getattr(instance, name, ""))
                        self.fail(row, column_name, value, " ".join(messages))
                self._check_rules(instance, row)
                if row.failed:
                    self.report.rows.append(
                        RowResult(row.line, self._key_text(row.key) or "?", RowAction.ERROR)
                    )
                    continue
                self._record(instance, row, before)

    def _apply(self, instance, row: _Row, plain: list[Column]) -> None:
        for column in plain:
            if column.column_name not in row.values:
                continue
            value = row.values[column.column_name]
            model_field = self._model_field(column)
            # An empty optional cell takes the model's default (a source's kind: news).
            if (
                value in ("", None)
                and model_field is not None
                and not model_field.blank
                and model_field.has_default()
            ):
                value = model_field.get_default()
            setattr(instance, column.attribute, value)
        for column in self.columns:
            if column.is_reference and column.column_name in row.values:
                key = row.values[column.column_name]
                known = self.references[(column.widget.model, column.widget.field)]
                setattr(instance, f"{column.attribute}_id", known.get(key) if key else None)

    def _rendered_current(self, instance, current_lists, current_refs) -> dict[str, str]:
        rendered = {}
        for column in self.columns:
            if column in self.key_columns:
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

    def _current_lists(self, existing: dict) -> dict[str, dict[int, list[str]]]:
        """The keys each existing entry now lists, per list column: one query per column."""
        current = {}
        for column in self.columns:
            if not column.is_reference_list:
                continue
            owners: dict[int, list[str]] = defaultdict(list)
            if existing:
                m2m = self.model._meta.get_field(column.attribute)
                through = m2m.remote_field.through
                owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
                pairs = through.objects.filter(**{f"{owner}_id__in": list(existing)}).values_list(
                    f"{owner}_id", f"{target}__{column.widget.field}"
                )
                for owner_id, key in pairs:
                    owners[owner_id].append(key)
            current[column.column_name] = owners
        return current

    def _current_references(self, instances) -> dict[str, dict[int, str]]:
        current = {}
        for column in self.columns:
            if not column.is_reference or column in self.key_columns:
                continue
            ids = {getattr(i, f"{column.attribute}_id") for i in instances} - {None}
            target = column.widget.model
            current[column.column_name] = dict(
                target.objects.filter(pk__in=ids).values_list("pk", column.widget.field)
            )
        return current

    def _record(self, instance, row: _Row, before: dict[str, str]) -> None:
        key = self._key_text(row.key)
        if not row.pk:
            self.new_rows.append(row)
            self.report.new += 1
            self.report.rows.append(RowResult(row.line, key, RowAction.NEW))
            return
        changes, changed_columns = [], []
        for column in self.columns:
            if column in self.key_columns or column.column_name not in row.values:
                continue
            value = row.values[column.column_name]
            if not (column.is_reference or column.is_reference_list):
                value = getattr(instance, column.attribute)  # after defaults were applied
            after = column.widget.render(value)
            if after != before[column.column_name]:
                changes.append((column.column_name, before[column.column_name], after))
                changed_columns.append(column)
        if changes:
            self.updates.append((instance, changed_columns, row))
            self.report.updated += 1
            self.report.rows.append(RowResult(row.line, key, RowAction.UPDATED, tuple(changes)))
        else:
            self.report.unchanged += 1
            self.report.rows.append(RowResult(row.line, key, RowAction.UNCHANGED))

    # -- rules that span fields or rows (the same rules as the models' clean and constraints)

    def _check_rules(self, instance, row: _Row) -> None:
        if self.model is Event:
            self._check_event(instance, row)
        elif (
            self.model._meta.model_name == "partnership"
            and instance.developer_id
            and instance.developer_id == instance.partner_id
        ):
            self.fail(
                row,
                "partner",
                row.values.get("partner"),
                "A company cannot partner with itself.",
            )

    def _check_event(self, event: Event, row: _Row) -> None:
        if event.kind == EventKind.TARGET and not event.status:
            event.status = TargetStatus.ANNOUNCED
        if event.kind == EventKind.MILESTONE and event.status:
            self.fail(
                row,
                "status",
                event.status,
                "Only targets have a status; leave it empty for a milestone.",
            )
        if event.kind == EventKind.TARGET and event.fulfils_id:
            self.fail(
                row,
                "kind",
                event.kind,
                "This milestone fulfils a target in the database, so it cannot become a target.",
            )
        if "supersedes" in row.values:
            supersedes = bool(row.values["supersedes"])
        else:
            supersedes = bool(event.supersedes_id)  # kept from the database
        if supersedes and event.kind != EventKind.TARGET:
            self.fail(
                row,
                "supersedes",
                row.values.get("supersedes") or "",
                "Only a target can supersede an earlier target.",
            )
        if row.values.get("supersedes") and row.values["supersedes"] == event.slug:
            self.fail(row, "supersedes", event.slug, "A target cannot supersede itself.")

    def check_file_rules(self) -> None:
        if self.model is Event and "supersedes" in self.by_name:
            self._check_supersedes_targets()
            self._check_supersedes_cycles()

    def _check_supersedes_targets(self) -> None:
        """The superseded event must be a target, whether it is in the file or stored."""
        file_kinds = {
            row.key[0]: row.values.get("kind")
            for row in self.rows
            if row.key and "kind" in row.values
        }
        wanted = {row.values.get("supersedes") for row in self.rows} - {None, ""}
        stored_kinds = {}
        for chunk in chunked(wanted - file_kinds.keys()):
            stored_kinds.update(Event.objects.filter(slug__in=chunk).values_list("slug", "kind"))
        for row in self.rows:
            target = row.values.get("supersedes")
            kind = file_kinds.get(target, stored_kinds.get(target))
            if target and kind and kind != EventKind.TARGET:
                self.fail(
                    row,
                    "supersedes",
                    target,
                    "This event is a milestone; a target can only supersede another target.",
                )

    def _check_supersedes_cycles(self) -> None:
        chain = dict(
            Event.objects.filter(supersedes__isnull=False).values_list("slug", "supersedes__slug")
        )
        for row in self.rows:
            if row.key and "supersedes" in row.values:
                chain[row.key[0]] = row.values["supersedes"]
        acyclic: set[str] = set()
        for row in self.rows:
            if not row.key or row.failed:
                continue
            path, current = [], row.key[0]
            while current and current not in acyclic and current not in path:
                path.append(current)
                current = chain.get(current)
            if current and current in path:
                loop = path[path.index(current) :] + [current]
                if row.key[0] in loop:
                    self.fail(
                        row,
                        "supersedes",
                        row.values.get("supersedes") or "",
                        "This would make a loop of targets superseding each other: "
                        + " → ".join(loop)
                        + ".",
                    )
                    continue
            acyclic.update(path)

    # -- writing

    def write(self, *, user, file_name: str) -> ImportBatch:
        batch = ImportBatch.objects.create(
            model=self.report.model,
            file_name=file_name[:255],
            user=user,
            new_count=self.report.new,
            updated_count=self.report.updated,
            unchanged_count=self.report.unchanged,
        )
        reason = batch.change_reason
        self._create(user=user, reason=reason)
        now = timezone.now()
        for chunk in chunked(self.updates):
            objects, fields = [], {"updated"}
            for instance, columns, row in chunk:
                for column in columns:
                    if column.is_reference:
                        self._apply(instance, row, [])
                sync_fuzzy_bounds(instance)
                instance.updated = now
                objects.append(instance)
                for column in columns:
                    if not column.is_reference_list:
                        fields.add(self.model._meta.get_field(column.attribute).attname)
            fields.update(self._bound_fields(fields))
            if self.model is Event:
                fields.add("status")  # a target's empty status becomes "announced"
            self.model.objects.bulk_update(objects, sorted(fields))
            self._write_lists(
                [(instance.pk, row) for instance, columns, row in chunk],
                replace=True,
                only={c.column_name for _, columns, _ in chunk for c in columns},
            )
            write_history(self.model, [o.pk for o in objects], "~", user=user, reason=reason)
        return batch

    def _bound_fields(self, fields: set[str]) -> set[str]:
        bounds = set()
        for model_field in self.model._meta.concrete_fields:
            if model_field.attname in fields:
                for companion in ("start_field", "end_field"):
                    if name := getattr(model_field, companion, None):
                        bounds.add(name)
        return bounds

    def _create(self, *, user, reason: str) -> None:
        """Insert the new rows, then point them at each other, then write their history.

        A row may name another new row defined later in the file (a target superseding a
        target), so references between new rows are filled in once every row has its key.
        """
        own_keys = self.references.get((self.model, self.key_columns[0].attribute))
        for chunk in chunked(self.new_rows):
            objects = [self._build(row) for row in chunk]
            self.model.objects.bulk_create(objects)
            for row, instance in zip(chunk, objects, strict=True):
                row.pk = instance.pk
                if own_keys is not None:
                    own_keys[row.key[0]] = instance.pk
        if own_keys is not None:
            self._link_new_rows(own_keys)
        for chunk in chunked(self.new_rows):
            self._write_lists([(row.pk, row) for row in chunk], replace=False)
        write_history(self.model, [row.pk for row in self.new_rows], "+", user=user, reason=reason)

    def _link_new_rows(self, own_keys: dict[str, int]) -> None:
        columns = [
            column
            for column in self.columns
            if column.is_reference and column.widget.model is self.model
        ]
        new_keys = {row.key[0] for row in self.new_rows}
        for column in columns:
            attname = f"{column.attribute}_id"
            links = [
                self.model(pk=row.pk, **{attname: own_keys[row.values[column.column_name]]})
                for row in self.new_rows
                if row.values.get(column.column_name) in new_keys
            ]
            for chunk in chunked(links):
                self.model.objects.bulk_update(chunk, [attname])

    def _build(self, row: _Row):
        instance = self.model()
        plain = [c for c in self.columns if not (c.is_reference or c.is_reference_list)]
        self._apply(instance, row, plain)
        if self.model is Event and instance.kind == EventKind.TARGET and not instance.status:
            instance.status = TargetStatus.ANNOUNCED
        return instance

    def _write_lists(self, owners: list[tuple[int, _Row]], *, replace: bool, only=None) -> None:
        for column in self.columns:
            if not column.is_reference_list or (
                only is not None and column.column_name not in only
            ):
                continue
            m2m = self.model._meta.get_field(column.attribute)
            through = m2m.remote_field.through
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            known = self.references[(column.widget.model, column.widget.field)]
            if replace:
                through.objects.filter(**{f"{owner}_id__in": [pk for pk, _ in owners]}).delete()
            through.objects.bulk_create(
                through(**{f"{owner}_id": pk, f"{target}_id": known[key]})
                for pk, row in owners
                for key in row.values.get(column.column_name, ())
            )


def csv_import(
    *,
    model: str,
    content: bytes,
    file_name: str,
    user=None,
    dry_run: bool = False,
    max_bytes: int | None = None,
) -> ImportReport:
    """Check a whole CSV file and, unless `dry_run` or any row fails, write it as one batch.

    Returns a report with every row's action and every error; `report.batch` is the written
    batch, or None when nothing was written.
    """
    resource = resource_for(model)
    report = ImportReport(model=model, file_name=file_name)
    state = _Import(resource, resource.get_columns(), report)
    max_bytes = settings.SSTRACKER_CSV_MAX_BYTES if max_bytes is None else max_bytes
    try:
        check_size(len(content), max_bytes)
        header, lines = read_rows(decode(content))
        state.parse(header, lines)
    except FileProblem as problem:
        report.errors.append(RowError(problem.line, "", "", problem.message))
        return report
    state.resolve()
    state.compare()
    state.check_file_rules()
    if report.errors:
        _mark_failed_rows(report)
        report.errors.sort(key=lambda error: error.line or 0)
        return report
    if dry_run or not (report.new or report.updated):
        return report  # nothing to write: no batch, no history
    try:
        with transaction.atomic():
            report.batch = state.write(user=user, file_name=file_name)
            # Bulk writes send no model signals: tell the page cache itself.
            transaction.on_commit(bump_content_version)
    except IntegrityError as error:
        report.errors.append(
            RowError(None, "", "", f"The database refused the file ({error}); nothing was written.")
        )
        report.batch = None
    return report


def _mark_failed_rows(report: ImportReport) -> None:
    """Rows that failed a whole-file check are errors too; counts cover the rest."""
    failed_lines = {error.line for error in report.errors}
    counts = defaultdict(int)
    for result in report.rows:
        if result.line in failed_lines:
            result.action = RowAction.ERROR
            result.changes = ()
        counts[result.action] += 1
    report.new = counts[RowAction.NEW]
    report.updated = counts[RowAction.UPDATED]
    report.unchanged = counts[RowAction.UNCHANGED]


# ----------------------------------------------------------------------------- batches


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


def batch_revert(*, batch: ImportBatch, user) -> dict[str, int]:
    """Undo a batch: restore what it changed, delete what it created, with history.

    Refuses (BatchRevertError, nothing changed) when an entry was changed after the batch,
    or when something else now refers to an entry the batch created.
    """
    if batch.is_reverted:
        raise BatchRevertError(f"This import was already reverted on {batch.reverted_at:%Y-%m-%d}.")
    model = resource_for(batch.model)._meta.model
    history = model.history
    records = list(
        history.filter(history_change_reason=batch.change_reason).values_list(
            "history_id", "id", "history_type"
        )
    )
    batch_record = {entry_id: history_id for history_id, entry_id, _ in records}
    created = [entry_id for _, entry_id, kind in records if kind == "+"]
    changed = [entry_id for _, entry_id, kind in records if kind == "~"]
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
    _refuse_if_referenced(model, created)
    reason = batch.revert_reason
    with transaction.atomic():
        restored = _restore_previous(
            model, changed, min(batch_record.values(), default=0), user, reason
        )
        for instance in model.objects.filter(pk__in=created):
            instance._history_user = user
            instance._change_reason = reason
            instance.delete()
        batch.status = BatchStatus.REVERTED
        batch.reverted_at = timezone.now()
        batch.reverted_by = user
        batch.save(update_fields=["status", "reverted_at", "reverted_by"])
        transaction.on_commit(bump_content_version)
    return {"restored": restored, "deleted": len(created)}


def _refuse_if_referenced(model, created: list[int]) -> None:
    if not created:
        return
    uses = []
    for relation in model._meta.related_objects:
        related = relation.related_model
        if related._meta.model_name.startswith("historical"):
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
        for m2m in model.history.model._history_m2m_fields:
            history_m2m = HistoricalRecords.m2m_models[m2m]
            through = m2m.remote_field.through
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            through.objects.filter(**{f"{owner}_id__in": chunk}).delete()
            old = history_m2m.objects.filter(history_id__in=[r.pk for r in previous])
            through.objects.bulk_create(
                through(**{f"{owner}_id": owner_id, f"{target}_id": target_id})
                for owner_id, target_id in old.values_list(f"{owner}_id", f"{target}_id")
            )
        write_history(model, [o.pk for o in objects], "~", user=user, reason=reason)
        restored += len(objects)
    return restored
