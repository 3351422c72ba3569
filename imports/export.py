"""CSV files written from the database: a model's entries, or a template to start from.

Both use the resources' columns, so an exported file has exactly the columns an import
reads and imports back unchanged; every cell is escaped so a spreadsheet cannot run it.
"""

import csv

from .resources import resource_for


def csv_export(*, model: str, stream, queryset=None, bom: bool = False) -> int:
    """Write the model's CSV (all entries, or `queryset`) to a text stream; return the rows."""
    resource = resource_for(model)
    if queryset is None:
        queryset = resource._meta.model.objects.all()
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream)
    lines = 0
    for cells in resource.export_rows(queryset):
        writer.writerow(cells)
        lines += 1
    return lines - 1  # the header is not an entry


def csv_template(*, model: str, stream) -> None:
    """Write the header and one example row, for editors starting a new file."""
    stream.write("\ufeff")
    csv.writer(stream).writerows(resource_for(model).template_rows())
