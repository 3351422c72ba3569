"""A checked file's report kept between pages, so a large preview is read a page at a time.

Checking a file of 10,000 rows takes seconds; turning the preview's pages must not redo
it. The upload view checks the file once and keeps the report as JSON in the import
temporary storage (media storage, shared by every app process), under a random name that
travels signed in the page addresses: a small file with the counts, the errors and one letter
per row for its action, and the rows themselves in files of 200. A page of the preview reads
the small file and the one or two files of rows it lists.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.module_loading import import_string

from .report import ImportReport, RowError, RowResult

PREVIEW_SALT = "imports.preview"
PREVIEW_MAX_AGE = 24 * 60 * 60  # seconds a preview's pages stay readable
ROW_ACTIONS = ("new", "updated", "unchanged", "error")
TMP_FOLDER = "django-import-export"  # where import-export's media storage keeps its files


def tmp_storage(**kwargs):
    return import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(**kwargs)


CHUNK_ROWS = 200  # rows per stored file: a page of the preview reads one or two of them
ACTION_LETTERS = {"new": "n", "updated": "u", "unchanged": "=", "error": "e"}


class StoredRows(Sequence):
    """The rows of a stored preview (of one kind, or all), read a chunk at a time."""

    def __init__(self, name: str, indexes: list[int]):
        self.name = name
        self.indexes = indexes
        self._chunks: dict[int, list[RowResult]] = {}

    def __len__(self) -> int:
        return len(self.indexes)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self._row(index) for index in self.indexes[position]]
        return self._row(self.indexes[position])

    def _row(self, index: int) -> RowResult:
        chunk = index // CHUNK_ROWS
        if chunk not in self._chunks:
            rows = json.loads(tmp_storage(name=f"{self.name}-{chunk}", read_mode="rb").read())
            self._chunks[chunk] = [
                RowResult(line, key, action, tuple(map(tuple, changes)), tuple(map(tuple, values)))
                for line, key, action, changes, values in rows
            ]
        return self._chunks[chunk][index % CHUNK_ROWS]


@dataclass
class StoredPreview:
    """A report read back from storage (counts and errors; rows on demand)."""

    name: str
    report: ImportReport
    confirm_token: str | None
    actions: str  # one letter per row, in file order (see ACTION_LETTERS)

    def rows(self, show: str = "") -> StoredRows:
        """All rows, or only those whose action is `show`."""
        if show in ACTION_LETTERS:
            letter = ACTION_LETTERS[show]
            return StoredRows(self.name, [i for i, a in enumerate(self.actions) if a == letter])
        return StoredRows(self.name, list(range(len(self.actions))))


def _save(name: str | None, content) -> str:
    storage = tmp_storage(name=name, read_mode="rb")
    storage.save(json.dumps(content, separators=(",", ":")).encode())
    return storage.name


def expired_remove(*, max_age: int = PREVIEW_MAX_AGE) -> int:
    """Remove uploads and stored previews older than `max_age` seconds, which can no longer
    be confirmed or read; returns how many files went. Runs on every upload."""
    files = (
        storages["import_export"] if "import_export" in settings.STORAGES else storages["default"]
    )
    try:
        _, names = files.listdir(TMP_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - datetime.timedelta(seconds=max_age)
    removed = 0
    for name in names:
        path = f"{TMP_FOLDER}/{name}"
        try:
            if files.get_modified_time(path) < cutoff:
                files.delete(path)
                removed += 1
        except (FileNotFoundError, NotImplementedError):
            continue  # gone meanwhile, or a storage that cannot tell its files' age
    return removed


def preview_save(*, report: ImportReport, confirm_token: str | None) -> str:
    """Keep `report` for the preview's pages; returns the signed token that names it."""
    expired_remove()
    name = _save(
        None,
        {
            "model": report.model,
            "file_name": report.file_name,
            "counts": [report.new, report.updated, report.unchanged],
            "errors": [[e.line, e.column, e.value, e.reason] for e in report.errors],
            "actions": "".join(ACTION_LETTERS[row.action] for row in report.rows),
            "confirm": confirm_token,
        },
    )
    for chunk, start in enumerate(range(0, len(report.rows), CHUNK_ROWS)):
        rows = report.rows[start : start + CHUNK_ROWS]
        _save(f"{name}-{chunk}", [[r.line, r.key, r.action, r.changes, r.values] for r in rows])
    return signing.dumps({"preview": name, "model": report.model}, salt=PREVIEW_SALT)


def preview_load(token: str, *, model: str) -> StoredPreview | None:
    """The stored preview a token names, or None if it is not valid, expired or gone."""
    try:
        signed = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    if signed.get("model") != model:
        return None
    try:
        content = json.loads(tmp_storage(name=signed["preview"], read_mode="rb").read())
    except FileNotFoundError:
        return None
    report = ImportReport(model=content["model"], file_name=content["file_name"])
    report.new, report.updated, report.unchanged = content["counts"]
    report.errors = [RowError(*error) for error in content["errors"]]
    return StoredPreview(signed["preview"], report, content["confirm"], content["actions"])
