"""What an import found and did: every row's action and every problem, for the editor to read.

The admin preview, the confirmation message and the `import_csv` command all print an
`ImportReport`; nothing in it refers back to the rows' internal state.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .models import ImportBatch

# How far an import got (0 to 1) and what it is doing; a background job shows it.
Progress = Callable[[float, str], None]


def no_progress(fraction: float, stage: str) -> None:
    """For callers that show no progress."""


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
    """What a row does: its key, new/updated/unchanged/error, (column, before, after) for an
    update, and (column, value) for every cell of a new entry."""

    line: int
    key: str
    action: str
    changes: tuple[tuple[str, str, str], ...] = ()
    values: tuple[tuple[str, str], ...] = ()


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

    def mark_failed_rows(self) -> None:
        """Rows that failed a whole-file check are errors too; counts cover the rest.

        Errors are then listed in file order, whichever check found them.
        """
        failed_lines = {error.line for error in self.errors}
        counts = defaultdict(int)
        for result in self.rows:
            if result.line in failed_lines:
                result.action = RowAction.ERROR
                result.changes = result.values = ()
            counts[result.action] += 1
        self.new = counts[RowAction.NEW]
        self.updated = counts[RowAction.UPDATED]
        self.unchanged = counts[RowAction.UNCHANGED]
        self.errors.sort(key=lambda error: error.line or 0)
