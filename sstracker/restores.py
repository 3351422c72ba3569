"""Load a file made by `sstracker.backups` into an empty database, all or nothing.

Rows are written as stored, in one transaction and with one INSERT per batch of rows, so a
damaged or truncated file changes nothing and no history is written for what is already
history. Columns a newer version added take their defaults; columns this version does not
know stop the restore before anything is written.
"""

import gzip
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from .backups import (
    FORMAT,
    MISSING,
    PROGRESS_EVERY,
    VERSION,
    BackupError,
    Column,
    Progress,
    open_text,
)

WRITE_BATCH = 1000


def database_restore(*, path: Path, progress: Progress, using: str = DEFAULT_DB_ALIAS) -> int:
    """Load a backup into this database, all or nothing; return the row count.

    Tables the backup holds are emptied first: after `migrate` they hold only what the
    migrations made (the Editors group and its permissions), which the backup holds too.
    """
    path = Path(path)
    try:
        with open_text(path, "r", compressed=path.name.endswith(".gz")) as stream:
            lines = iter(stream)
            read_header(next(lines, ""))
            with transaction.atomic(using=using):
                tables, rows = load_tables(lines, using, progress)
                reset_sequences(using, tables)
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as error:
        raise BackupError(f"The file cannot be read to the end: {error}.") from error
    except (ValueError, ValidationError) as error:  # JSONDecodeError is a ValueError
        raise BackupError(f"The file is damaged: {error}.") from error
    return rows


def read_header(line: str) -> None:
    try:
        header = json.loads(line)
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("This is not a backup made by `manage.py backup`.")
    if header.get("version") != VERSION:
        raise BackupError(f"Backup format version {header.get('version')} is not supported.")


def load_tables(lines: Iterator[str], using: str, progress: Progress):
    tables: list[type[models.Model]] = []
    rows = 0
    for line in lines:
        section = json.loads(line)
        if section.get("end"):
            if section.get("rows") != rows:
                raise BackupError("The file is damaged: its row count does not add up.")
            return tables, rows
        model = section_model(section)
        tables.append(model)
        rows += load_table(model, section, lines, using, progress)
    raise BackupError("The file ends early: it was cut off or is still being written.")


def section_model(section: dict) -> type[models.Model]:
    try:
        model = apps.get_model(section["model"])
    except (KeyError, LookupError, ValueError):
        raise BackupError(
            f"The backup holds {section.get('model')!r}, which this version does not know."
        ) from None
    known = {field.attname for field in model._meta.concrete_fields}
    if unknown := [name for name in section["columns"] if name not in known]:
        raise BackupError(
            f"The backup's {section['model']} has columns this version does not know: "
            f"{', '.join(unknown)}. Restore with the version that made it."
        )
    return model


def load_table(model, section: dict, lines: Iterator[str], using: str, progress: Progress) -> int:
    started = time.monotonic()
    label, count = model._meta.label_lower, section["count"]
    insert, decoders, defaults = insert_statement(model, section["columns"], using)
    if replaced := empty_table(model, using):
        progress(f"  {label}: replacing {replaced:,} rows that were there")
    batch, left_out = [], 0
    with connections[using].cursor() as cursor:
        for index in range(count):
            line = next(lines, None)
            if line is None:
                raise BackupError("The file ends early: it was cut off or is still being written.")
            values = [
                decode(value) for decode, value in zip(decoders, json.loads(line), strict=True)
            ]
            if any(value is MISSING for value in values):
                left_out += 1
                continue
            batch.append((*values, *defaults))
            if len(batch) == insert.rows:
                insert.run(cursor, batch)
                batch = []
            if (index + 1) % PROGRESS_EVERY == 0:
                progress(f"  {label}: {index + 1:,} of {count:,} rows…")
        if batch:
            insert.run(cursor, batch)
    if count:
        progress(f"  {label}: {count:,} rows ({time.monotonic() - started:.1f} s)")
    if left_out:
        progress(
            f"  {label}: left out {left_out:,} rows that name a permission or content type "
            "this installation does not have"
        )
    return count


@dataclass
class MultiRowInsert:
    """One INSERT statement for up to `rows` rows at a time, with their values as parameters.

    One statement per batch rather than one per row: a round trip to the database per row
    was most of a restore's time on PostgreSQL.
    """

    table: str
    columns: str
    width: int
    rows: int

    def run(self, cursor, batch: list[tuple]) -> None:
        row = "(" + ", ".join(["%s"] * self.width) + ")"
        values = ", ".join([row] * len(batch))
        cursor.execute(
            # Only quoted table and column names are formatted in; values are parameters.
            f"INSERT INTO {self.table} ({self.columns}) VALUES {values}",  # noqa: S608
            [value for values_of_row in batch for value in values_of_row],
        )


def insert_statement(model, names: list[str], using: str) -> tuple[MultiRowInsert, list, tuple]:
    """The INSERT for one table, a decoder per backed-up column, and defaults for the rest.

    Rows go in as stored, through the cursor: `bulk_create` would stamp `auto_now` fields
    with the current time and, like `save()`, cost far more per row. No signal is sent, so
    no history is written for what is already history.
    """
    connection = connections[using]
    by_name = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_name[name] for name in names]
    # Columns added since the backup was made take their default.
    later = [field for field in model._meta.concrete_fields if field.attname not in names]
    defaults = tuple(field.get_db_prep_save(field.get_default(), connection) for field in later)
    quote = connection.ops.quote_name
    width = len(fields) + len(later)
    most = connection.features.max_query_params  # SQLite's limit on parameters; None: none
    insert = MultiRowInsert(
        table=quote(model._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields + later),
        width=width,
        rows=max(1, min(WRITE_BATCH, most // width)) if most else WRITE_BATCH,
    )
    return insert, [Column(field, using).decoder() for field in fields], defaults


def empty_table(model, using: str) -> int:
    connection = connections[using]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a quoted model table name
        return max(cursor.rowcount, 0)


def reset_sequences(using: str, tables: list[type[models.Model]]) -> None:
    """Point PostgreSQL's id sequences past the restored ids, so new entries get fresh ones."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), tables)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
