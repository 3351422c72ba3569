"""Copy the whole database to one file, and back into an empty database, exactly.

A backup is JSON Lines, gzip-compressed when the file name ends in `.gz`:

    {"format": "sstracker-backup", "version": 1, "created": "2026-11-25T03:00:00.123456+00:00"}
    {"model": "companies.source", "columns": ["id", "url", ...], "count": 6}
    [1, "https://...", ...]                    one line per row, `count` of them
    {"model": "companies.company", ...}        the next table
    {"end": true, "tables": 41, "rows": 123456}

Every table is copied with its primary keys and column values as stored, never through
an entry's relations, so history rows that point at deleted entries are ordinary rows
here, and timestamps keep their microseconds. Content types and permissions are rebuilt
by `migrate` on the target (with other ids), so rows that point at them, such as a
group's permissions, name them by natural key instead.

The backup reads every table in one transaction (REPEATABLE READ on PostgreSQL), so the
copy is consistent while editors work; it is written to a temporary file that replaces
the target only once complete. Loading a backup is `sstracker.restores`.
"""

import base64
import datetime
import gzip
import json
import os
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = "sstracker-backup"
VERSION = 1
# Rebuilt by `migrate` on the target, or worthless there.
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "admin.logentry"}
# Fields whose stored values JSON holds as they are: no conversion either way.
PLAIN_TYPES = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
    "PositiveSmallIntegerField", "BooleanField", "CharField", "TextField", "SlugField",
    "URLField", "EmailField", "GenericIPAddressField", "FloatField",
}  # fmt: skip
READ_CHUNK = 5000
PROGRESS_EVERY = 100_000

Progress = Callable[[str], None]


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why. Nothing was changed."""


def backed_up_models() -> list[type[models.Model]]:
    """Every table the backup copies, many-to-many link tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in EXCLUDED
        and model._meta.label_lower not in EXCLUDED
        and model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
    ]


def points_outside(field: models.Field) -> bool:
    """A foreign key to a table the backup leaves out, so its rows are named by natural key."""
    if not field.many_to_one:
        return False
    target = field.related_model._meta
    return target.app_label in EXCLUDED or target.label_lower in EXCLUDED


MISSING = object()  # a natural key the target database does not have


class Column:
    """How one field's stored value is written to JSON and read back."""

    def __init__(self, field: models.Field, using: str):
        self.field = field
        self.name = field.attname
        self.using = using
        target = field.target_field if field.many_to_one else field
        self.outside = points_outside(field)
        self.plain = (
            not self.outside
            and target.get_internal_type() in PLAIN_TYPES
            and not hasattr(target, "from_db_value")
        )
        self._natural_keys: dict | None = None
        if self.outside and not hasattr(self.related_manager(), "get_by_natural_key"):
            raise BackupError(
                f"{field.model._meta.label}.{field.name} points at "
                f"{field.related_model._meta.label}, which is not backed up and has no "
                "natural key."
            )

    def related_manager(self):
        return self.field.related_model._default_manager.db_manager(self.using)

    def encode(self, value):
        if value is None:
            return None
        if self.outside:
            if self._natural_keys is None:
                rows = self.related_manager().all()
                self._natural_keys = {row.pk: list(row.natural_key()) for row in rows}
            return self._natural_keys[value]
        if self.plain:
            return value
        value = self.field.get_prep_value(value)
        if isinstance(value, datetime.datetime | datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, Decimal | UUID):
            return str(value)
        if isinstance(value, datetime.timedelta):
            return duration_iso_string(value)
        if isinstance(value, bytes | memoryview):
            return base64.b64encode(bytes(value)).decode("ascii")
        return value

    def decoder(self) -> Callable:
        """Backup value → value for the target database's cursor."""
        if self.outside:
            return NaturalKeyLookup(self.related_manager())
        if self.plain:
            return lambda value: value
        field, connection = self.field, connections[self.using]
        if field.get_internal_type() == "BinaryField":
            return lambda value: None if value is None else base64.b64decode(value)
        return lambda value: field.get_db_prep_save(
            None if value is None else field.to_python(value), connection
        )


class NaturalKeyLookup:
    """Natural key → id on the target, each key looked up once; MISSING if it has none."""

    def __init__(self, manager):
        self.manager = manager
        self.ids: dict[tuple, object] = {}

    def __call__(self, value):
        if value is None:
            return None
        key = tuple(value)
        if key not in self.ids:
            try:
                self.ids[key] = self.manager.get_by_natural_key(*key).pk
            except self.manager.model.DoesNotExist:
                self.ids[key] = MISSING
        return self.ids[key]


def open_text(path: Path, mode: str, *, compressed: bool):
    if compressed:
        # Level 6 writes about twice as fast as the default 9 for a slightly larger file.
        return gzip.open(path, mode + "t", encoding="utf-8", compresslevel=6)
    return path.open(mode, encoding="utf-8")


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@contextmanager
def consistent_read(using: str):
    """One transaction that sees the database as it was when it started.

    Inside a transaction that is already open (a test, a caller's `atomic`), that one's
    isolation applies: PostgreSQL allows setting it only before the first query.
    """
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def database_backup(*, path: Path, progress: Progress, using: str = DEFAULT_DB_ALIAS) -> int:
    """Write the backup to `path` (replacing it only once complete); return the row count."""
    path = Path(path)
    handle, partial_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    os.close(handle)  # mkstemp's file is readable by its owner only, as a backup should be
    partial = Path(partial_name)
    try:
        compressed = path.name.endswith(".gz")
        with open_text(partial, "w", compressed=compressed) as stream, consistent_read(using):
            header = {"format": FORMAT, "version": VERSION, "created": timezone.now().isoformat()}
            stream.write(dumps(header) + "\n")
            tables = rows = 0
            for model in backed_up_models():
                try:
                    rows += write_table(stream, model, using, progress)
                except (DatabaseError, ValueError, TypeError) as error:
                    raise BackupError(
                        f"{model._meta.label_lower} cannot be read: {error}"
                    ) from error
                tables += 1
            stream.write(dumps({"end": True, "tables": tables, "rows": rows}) + "\n")
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return rows


def write_table(stream, model: type[models.Model], using: str, progress: Progress) -> int:
    started = time.monotonic()
    columns = [Column(field, using) for field in model._meta.concrete_fields]
    queryset = model._base_manager.using(using).order_by(model._meta.pk.attname)
    count = queryset.count()
    section = {"model": model._meta.label_lower, "columns": [c.name for c in columns]}
    stream.write(dumps({**section, "count": count}) + "\n")
    written = 0
    converted = [(index, column) for index, column in enumerate(columns) if not column.plain]
    values = queryset.values_list(*(column.name for column in columns))
    for row in values.iterator(chunk_size=READ_CHUNK):
        row = list(row)
        for index, column in converted:
            row[index] = column.encode(row[index])
        stream.write(dumps(row) + "\n")
        written += 1
        if written % PROGRESS_EVERY == 0:
            progress(f"  {model._meta.label_lower}: {written:,} of {count:,} rows…")
    if written != count:  # only possible if the read was not consistent
        raise BackupError(f"{model._meta.label_lower} changed while it was read; run again.")
    if count:
        progress(
            f"  {model._meta.label_lower}: {count:,} rows ({time.monotonic() - started:.1f} s)"
        )
    return count
