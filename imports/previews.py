"""A checked file's report kept between pages, so a large preview is read a page at a time.

Checking a file of 10,000 rows takes seconds; turning the preview's pages must not redo
it. The upload view checks the file once and keeps the report as JSON in the import
temporary storage (media storage, shared by every app process), under a random name that
travels signed in the page addresses. A page of the preview then only reads that file.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.module_loading import import_string

from .report import ImportReport, RowError, RowResult

PREVIEW_SALT = "imports.preview"
PREVIEW_MAX_AGE = 24 * 60 * 60  # seconds a preview's pages stay readable
ROW_ACTIONS = ("new", "updated", "unchanged", "error")


def tmp_storage(**kwargs):
    return import_string(settings.IMPORT_EXPORT_TMP_STORAGE_CLASS)(**kwargs)


@dataclass
class StoredPreview:
    """A report read back from storage, with what the preview pages need to carry on."""

    model: str
    report: ImportReport
    confirm_token: str | None


def preview_save(*, report: ImportReport, confirm_token: str | None) -> str:
    """Keep `report` for the preview's pages; returns the signed token that names it."""
    rows = [[row.line, row.key, row.action, row.changes, row.values] for row in report.rows]
    errors = [[e.line, e.column, e.value, e.reason] for e in report.errors]
    content = {
        "model": report.model,
        "file_name": report.file_name,
        "counts": [report.new, report.updated, report.unchanged],
        "rows": rows,
        "errors": errors,
        "confirm": confirm_token,
    }
    storage = tmp_storage(read_mode="rb")
    storage.save(json.dumps(content, separators=(",", ":")).encode())
    return signing.dumps({"preview": storage.name, "model": report.model}, salt=PREVIEW_SALT)


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
    report.rows = [
        RowResult(line, key, action, tuple(map(tuple, changes)), tuple(map(tuple, values)))
        for line, key, action, changes, values in content["rows"]
    ]
    report.errors = [RowError(*error) for error in content["errors"]]
    return StoredPreview(content["model"], report, content["confirm"])
