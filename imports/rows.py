"""One CSV file under import: its columns, its rows read into values, and the problems found.

`CsvImport.read` takes the header and lines from `reader` and reads every cell with its
column's widget, noting each problem against its line and column instead of stopping, so
that the editor sees all of them at once. The later steps each add their own state:
`resolve` the keys the file names, `compare` what would change, `rules` the checks that
span fields or rows, `write` the batch.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from .columns import Column, unescape_formula
from .reader import CsvLine, FileProblem, match_header
from .report import ImportReport, RowError, no_progress
from .resources import CsvResource

PROGRESS_EVERY = 1000  # lines between progress reports


MISSING = object()  # a cell that was not read (refused, or past the row's end)


class RowValues(Mapping):
    """A row's values by column name: a tuple in the header's order, and the positions of
    the columns (shared by every row), instead of a dictionary per row: a third of the memory.
    A column whose cell was not read is not in it."""

    __slots__ = ("_positions", "_values")

    def __init__(self, positions: dict[str, int], values: tuple):
        self._positions = positions
        self._values = values

    def __getitem__(self, name: str):
        value = self._values[self._positions[name]]
        if value is MISSING:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name, n in self._positions.items() if self._values[n] is not MISSING)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(slots=True)
class Row:
    """One data row: its line, its cells read into values by column name, and its key.

    `pk` is the stored entry the row updates (None for a new one, until it is written).
    """

    line: int
    values: Mapping
    key: tuple
    pk: int | None = None
    failed: bool = False


class CsvImport:
    """The file's columns and rows, and every problem found in them, for one import."""

    def __init__(self, resource: CsvResource, report: ImportReport, progress=no_progress):
        self.resource = resource
        self.model = resource._meta.model
        self.columns: list[Column] = [c for c in resource.get_columns() if c.stored]
        self.by_name = {column.column_name: column for column in self.columns}
        self.key_columns: list[Column] = resource.get_key_columns()
        self.report = report
        self.rows: list[Row] = []
        self.progress = progress
        # One object per distinct repeated value ("target", a company list, "mid-2026"), shared
        # by every row that has it: a large file's rows then take a fraction of the memory.
        self._shared: dict = {}

    # -- problems

    def fail(self, row: Row | None, column: str, value, reason: str) -> None:
        if row is not None:
            row.failed = True
        text = value if isinstance(value, str) else self._render(column, value)
        self.report.errors.append(RowError(row.line if row else None, column, text, reason))

    def _render(self, column_name: str, value) -> str:
        column = self.by_name.get(column_name)
        return column.widget.render(value) if column else ("" if value is None else str(value))

    # -- what the columns are

    @property
    def plain_columns(self) -> list[Column]:
        """The file's columns that hold a value of their own, not a reference to an entry."""
        return [c for c in self.columns if not (c.is_reference or c.is_reference_list)]

    def model_field(self, column: Column):
        """The model field a column fills, or None for a column that is not a model field."""
        try:
            return self.model._meta.get_field(column.attribute)
        except FieldDoesNotExist:
            return None

    @staticmethod
    def key_text(key: tuple) -> str:
        return " + ".join(str(part) for part in key)

    # -- reading

    def read(self, header: list[str], lines, *, line_count: int = 0) -> None:
        """Read every row; raise `FileProblem` for a wrong header or a file without rows.

        `line_count`, the file's number of lines, lets the progress say how far it got.
        """
        all_columns = self.resource.get_columns()
        names = match_header(
            header,
            known=[column.column_name for column in all_columns],
            required=[column.column_name for column in all_columns if column.required],
        )
        every = {column.column_name: column for column in all_columns}
        slots = [every[name] if name else None for name in names]
        self._positions = {column.column_name: n for n, column in enumerate(slots) if column}
        in_file = [column for column in slots if column is not None]
        # Stored columns fill the entry; the others say how to write it (see `promises`).
        self.columns = [column for column in in_file if column.stored]
        self.by_name = {column.column_name: column for column in in_file}
        first_seen: dict[tuple, int] = {}
        for csv_line in lines:
            if csv_line.line % PROGRESS_EVERY == 0 and line_count:
                self.progress(0.3 * csv_line.line / line_count, f"Reading line {csv_line.line:,}")
            row = self._read_row(csv_line, slots)
            self._check_key(row, first_seen)
            self.rows.append(row)
        if not self.rows:
            raise FileProblem("The file has a header but no rows.")

    def _read_row(self, csv_line: CsvLine, slots: list[Column | None]) -> Row:
        row = Row(csv_line.line, {}, ())
        values = [MISSING] * len(slots)
        cells = csv_line.cells
        if len(cells) > len(slots) and any(cell.strip() for cell in cells[len(slots) :]):
            self.fail(
                row,
                "",
                "",
                f"This row has {len(cells)} cells but the header names {len(slots)} columns.",
            )
        for position, (column, cell) in enumerate(zip(slots, cells, strict=False)):
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
            if column.repeats:
                value = self._shared.setdefault(value, value)
            values[position] = value
        for column in slots[len(cells) :]:
            if column is not None and column.required:
                self.fail(row, column.column_name, "", "This column is required.")
        row.values = RowValues(self._positions, tuple(values))
        return row

    def _check_key(self, row: Row, first_seen: dict[tuple, int]) -> None:
        """Give the row its key, if every key cell was read; a key may appear only once."""
        if not all(column.column_name in row.values for column in self.key_columns):
            return
        row.key = tuple(row.values[column.column_name] for column in self.key_columns)
        if row.key in first_seen:
            self.fail(
                row,
                self.key_columns[0].column_name,
                self.key_text(row.key),
                f"Duplicate: line {first_seen[row.key]} has the same key.",
            )
        else:
            first_seen[row.key] = row.line
