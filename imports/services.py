"""CSV import, export and revert: the entry point the admin, the commands and open data call.

`csv_import` reads a whole file, reports every problem with its line, column, value and
reason, and compares each row with the entry it would change. Only a file without a single
problem is written, in one transaction, with bulk queries that also write the history
(under the importing user, with the batch named as the change reason). The admin and the
`import_csv` command both call it, so they accept and refuse exactly the same files.

The steps live in their own modules, in the order they run:

- `reader`: the file as a file (size, encoding, delimiter, header);
- `rows`: `CsvImport`, the file's cells read by the columns (`columns`, `resources`);
- `resolve`: the stored entries and references the file names, in a few queries;
- `compare` (with `rules`): each row validated and compared with what is stored;
- `write`: the batch, in bulk, with history (`editorial.bulk_history`);
- `export` and `batches`: files written from the database, and undoing a batch.

Why not django-import-export's own `import_data`: it works row by row (a few queries per
row and per reference), keeps valid rows when others fail, silently ignores unknown columns
and unknown many-to-many keys, and writes no history in bulk mode. The resources still
define every column and how its cells read; only the driving loop lives here.
"""

from django.conf import settings
from django.db import IntegrityError, transaction

from editorial.database import analyze
from pagecache import bump_content_version

from .batches import BatchRevertError, batch_entries, batch_revert
from .compare import compare_rows
from .export import csv_export, csv_template
from .reader import FileProblem, check_size, decoded_lines, read_rows
from .report import ImportReport, Progress, RowError, no_progress
from .resolve import resolve_references
from .resources import resource_for
from .rows import CsvImport
from .rules import check_file_rules
from .write import write_batch

__all__ = [
    "BatchRevertError",
    "ImportReport",
    "batch_entries",
    "batch_revert",
    "csv_export",
    "csv_import",
    "csv_template",
    "resource_for",
]


def csv_import(
    *,
    model: str,
    content: bytes,
    file_name: str,
    user=None,
    dry_run: bool = False,
    max_bytes: int | None = None,
    progress: Progress = no_progress,
) -> ImportReport:
    """Check a whole CSV file and, unless `dry_run` or any row fails, write it as one batch.

    Returns a report with every row's action and every error; `report.batch` is the written
    batch, or None when nothing was written. `progress(fraction, stage)` hears how far the
    work got (a background job shows it).
    """
    report = ImportReport(model=model, file_name=file_name)
    importer = CsvImport(resource_for(model), report, progress=progress)
    max_bytes = settings.SSTRACKER_CSV_MAX_BYTES if max_bytes is None else max_bytes
    try:
        check_size(len(content), max_bytes)
        progress(0.0, "Reading the file")
        header, lines = read_rows(decoded_lines(content))
        importer.read(header, lines, line_count=content.count(b"\n") + 1)
    except FileProblem as problem:
        report.errors.append(RowError(problem.line, "", "", problem.message))
        return report
    progress(0.35, "Looking up the entries the file names")
    references = resolve_references(importer)
    plan = compare_rows(importer, references)
    progress(0.75, "Checking the rules across the whole file")
    check_file_rules(importer)
    if report.errors:
        report.mark_failed_rows()
        return report
    if dry_run or not (report.new or report.updated):
        return report  # nothing to write: no batch, no history
    progress(0.8, f"Writing {report.new + report.updated:,} entries in one transaction")
    try:
        with transaction.atomic():
            report.batch = write_batch(importer, references, plan, user=user, file_name=file_name)
            # Bulk writes send no model signals: tell the page cache itself, and give the
            # query planner fresh statistics for the rows just written.
            transaction.on_commit(bump_content_version)
            transaction.on_commit(analyze)
    except IntegrityError as error:
        report.errors.append(
            RowError(None, "", "", f"The database refused the file ({error}); nothing was written.")
        )
        report.batch = None
    return report
