"""The changelog as CSV: for `/changes.csv` and for citable releases."""

import csv

from imports.columns import escape_formula

CSV_COLUMNS = ["changed", "kind", "change", "entry", "description", "url"]


def write_changes_csv(entries, stream, *, base_url: str = "") -> None:
    """One row per change, newest first: what a reuser needs to follow the tracker."""
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(
            [
                entry.changed.isoformat(timespec="seconds"),
                entry.kind,
                entry.change,
                escape_formula(entry.title),
                escape_formula(entry.text),
                f"{base_url}{entry.url}" if entry.url else "",
            ]
        )
