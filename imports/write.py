"""Carry out a checked file's `Plan` as one import batch, with bulk queries and history.

`write_batch` runs inside the caller's transaction. New rows are inserted first, then
pointed at each other (a target may supersede one defined later in the file), then their
lists; changed entries are updated a chunk at a time with only the columns that changed.
Every entry gets a history record under the importing user, with the batch named as the
change reason, so the batch can be listed and reverted (`batches`).
"""

from django.utils import timezone

from companies.models import Company
from editorial.bulk_history import write_history
from fuzzydate.fields import sync_fuzzy_bounds
from timeline.models import Event, Restatement
from timeline.promise_summaries import promises_refresh
from timeline.search_index import search_index_touch

from .chunks import chunked
from .compare import Plan, apply_values
from .models import ImportBatch
from .promises import PlannedRestatement
from .resolve import References
from .rows import CsvImport, Row
from .rules import default_status


def write_batch(
    importer: CsvImport, references: References, plan: Plan, *, user, file_name: str
) -> ImportBatch:
    report = importer.report
    batch = ImportBatch.objects.create(
        model=report.model,
        file_name=file_name[:255],
        user=user,
        new_count=report.new,
        updated_count=report.updated,
        unchanged_count=report.unchanged,
    )
    writer = _BatchWriter(importer, references, user=user, reason=batch.change_reason)
    writer.create(plan.new_rows)
    writer.update(plan.updates, restated={r.target.pk for r in plan.restatements})
    writer.restate(plan.restatements)
    pks = [row.pk for row in plan.new_rows] + [instance.pk for instance, _, _ in plan.updates]
    # Everything is written: let the rows go before the summaries read their events, so a
    # large file's rows and those events are never in memory together.
    importer.rows.clear()
    plan.new_rows.clear()
    plan.updates.clear()
    _refresh_promises(importer.model, pks)
    search_index_touch(importer.model, pks)  # bulk writes send no signals
    return batch


def _refresh_promises(model, pks: list[int]) -> None:
    """Bulk writes send no signals: refresh the promise summaries the rows touch."""
    if model is Company:
        links = Event.companies.through.objects.filter(company__in=pks)
        pks = list(links.values_list("event_id", flat=True))
    if model in (Event, Company):
        promises_refresh(pks)


class _BatchWriter:
    """Writes rows of one batch, all under the same user and change reason."""

    def __init__(self, importer: CsvImport, references: References, *, user, reason: str):
        self.importer = importer
        self.model = importer.model
        self.references = references
        self.user = user
        self.reason = reason

    def create(self, new_rows: list[Row]) -> None:
        """Insert the new rows, then point them at each other, then write their history.

        A row may name another new row defined later in the file (a target superseding a
        target), so references between new rows are filled in once every row has its key.
        """
        own_keys = self.references.own_keys(self.importer)
        for chunk in chunked(new_rows):
            objects = [self._build(row) for row in chunk]
            self.model.objects.bulk_create(objects)
            for row, instance in zip(chunk, objects, strict=True):
                row.pk = instance.pk
                if own_keys is not None:
                    own_keys[row.key[0]] = instance.pk
        if own_keys is not None:
            self._link_new_rows(new_rows, own_keys)
        for chunk in chunked(new_rows):
            self._write_lists([(row.pk, row) for row in chunk], replace=False)
        pks = [row.pk for row in new_rows]
        write_history(self.model, pks, "+", user=self.user, reason=self.reason)

    def update(self, updates: list, *, restated: set[int] = frozenset()) -> None:
        """Save the changed columns of stored entries (and their date bounds), with history.

        A restated target's `announced` is saved too: it becomes the restated day.
        """
        now = timezone.now()
        for chunk in chunked(updates):
            objects, fields = [], {"updated"}
            for instance, columns, row in chunk:
                if any(column.is_reference for column in columns):
                    apply_values(self.importer, self.references, instance, row, [])
                sync_fuzzy_bounds(instance)
                instance.updated = now
                objects.append(instance)
                for column in columns:
                    if not column.is_reference_list:
                        fields.add(self.model._meta.get_field(column.attribute).attname)
            fields.update(self._bound_fields(fields))
            if self.model is Event:
                fields.add("status")  # a target's empty status becomes "announced"
                if any(instance.pk in restated for instance in objects):
                    fields.add("announced")
            self.model.objects.bulk_update(objects, sorted(fields))
            self._write_lists(
                [(instance.pk, row) for instance, columns, row in chunk],
                replace=True,
                only={c.column_name for _, columns, _ in chunk for c in columns},
            )
            pks = [o.pk for o in objects]
            write_history(self.model, pks, "~", user=self.user, reason=self.reason)

    def restate(self, planned: list[PlannedRestatement]) -> None:
        """Keep each restated target's earlier date and stage, with history."""
        created = Restatement.objects.bulk_create(
            Restatement(
                target_id=item.target.pk,
                date=item.earlier.date,
                stage=item.earlier.stage,
                announced=item.earlier.announced,
                restated=item.restated,
                source_id=item.source_id,
            )
            for item in planned
        )
        pks = [restatement.pk for restatement in created]
        write_history(Restatement, pks, "+", user=self.user, reason=self.reason)

    def _build(self, row: Row):
        instance = self.model()
        apply_values(self.importer, self.references, instance, row, self.importer.plain_columns)
        default_status(instance)
        return instance

    def _link_new_rows(self, new_rows: list[Row], own_keys: dict[str, int]) -> None:
        columns = [
            column
            for column in self.importer.columns
            if column.is_reference and column.widget.model is self.model
        ]
        new_keys = {row.key[0] for row in new_rows}
        for column in columns:
            attname = f"{column.attribute}_id"
            links = [
                self.model(pk=row.pk, **{attname: own_keys[row.values[column.column_name]]})
                for row in new_rows
                if row.values.get(column.column_name) in new_keys
            ]
            for chunk in chunked(links):
                self.model.objects.bulk_update(chunk, [attname])

    def _bound_fields(self, fields: set[str]) -> set[str]:
        """The date-bound columns that go with the fuzzy dates being saved."""
        bounds = set()
        for model_field in self.model._meta.concrete_fields:
            if model_field.attname in fields:
                for companion in ("start_field", "end_field"):
                    if name := getattr(model_field, companion, None):
                        bounds.add(name)
        return bounds

    def _write_lists(self, owners: list[tuple[int, Row]], *, replace: bool, only=None) -> None:
        """The rows' list cells (companies, sources) as many-to-many rows."""
        for column in self.importer.columns:
            if not column.is_reference_list or (
                only is not None and column.column_name not in only
            ):
                continue
            m2m = self.model._meta.get_field(column.attribute)
            through = m2m.remote_field.through
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            known = self.references.of(column)
            if replace:
                through.objects.filter(**{f"{owner}_id__in": [pk for pk, _ in owners]}).delete()
            through.objects.bulk_create(
                through(**{f"{owner}_id": pk, f"{target}_id": known[key]})
                for pk, row in owners
                for key in row.values.get(column.column_name, ())
            )
