"""Read, write and order the vague dates found in battery announcements.

Manufacturers rarely commit to a day. Press releases say "mid-2024", "Q3 2026", "2026–2027",
"by 2030" or "end of the decade". A `FuzzyDate` keeps the precision the source actually gave
instead of inventing a day, knows the earliest and latest calendar day the phrase can mean,
sorts sensibly next to other fuzzy dates, and writes itself back out in one canonical spelling,
so that `FuzzyDate.parse(str(value)) == value` for every value.

Pure standard-library Python: models, forms, importers and tests can all share it. The
vocabulary lives in `fuzzydate.precision`, the reading of text in `fuzzydate.reading`.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from .precision import (
    DECADE_PART_YEARS,
    EN_DASH,
    MAX_YEAR,
    MIN_YEAR,
    MONTH_ABBRS,
    MONTHS_PER_UNIT,
    PART_NAMES,
    RANK,
    FuzzyDateError,
    Precision,
    problem,
)
from .reading import (
    ACCEPTED_FORMS,
    cannot_read,
    match_form,
    normalise,
    take_qualifiers,
    this_decade,
    unit_of,
)

__all__ = [
    "ACCEPTED_FORMS",
    "MAX_YEAR",
    "MIN_YEAR",
    "FuzzyDate",
    "FuzzyDateError",
    "Precision",
    "parse_or_none",
]


def _month_span(year: int, first: int, last: int) -> tuple[datetime.date, datetime.date]:
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return datetime.date(year, first, 1), end


def _year_span(first: int, last: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


@dataclass(frozen=True)
class FuzzyDate:
    """A date known only to some precision, such as "Q3 2026" or "by ~2027".

    `year` is the decade's first year for DECADE and DECADE_PART and the first year of a
    range (YEARS). `unit` is the month for MONTH and DAY, the quarter, the half, 1/2/3 for the
    early/mid/late part of a year or decade, or the last year of a range; it is None for YEAR
    and DECADE. `approximate` ("~") and `deadline` ("by") are
    flags only: they do not move `earliest` or `latest`.
    """

    precision: Precision
    year: int
    unit: int | None = None
    day: int | None = None
    approximate: bool = False
    deadline: bool = False

    def __post_init__(self) -> None:
        try:
            precision = Precision(self.precision)
        except ValueError:
            raise FuzzyDateError(f"Unknown precision {self.precision!r}.") from None
        # Stored rows hand back plain strings; keep the member so `is` checks work.
        object.__setattr__(self, "precision", precision)
        found = problem(precision, self.year, self.unit, self.day)
        if found:
            raise FuzzyDateError(f"Invalid fuzzy date: {found}.")

    @classmethod
    def parse(cls, text: str, *, today: datetime.date | None = None) -> FuzzyDate:
        """Read editor-typed text; `today` fixes the decade meant by "end of the decade"."""
        if text is not None and not isinstance(text, str):
            raise TypeError(f"FuzzyDate.parse expects text, not {type(text).__name__}")
        if not text or not text.strip():
            raise FuzzyDateError(f"A date is required. Accepted: {ACCEPTED_FORMS}")

        approximate, deadline, rest = take_qualifiers(normalise(text))
        found = match_form(rest)
        if found is None:
            raise cannot_read(text)
        precision, parts = found
        year = int(parts["year"]) if parts.get("year") else this_decade(today)
        unit = unit_of(parts)
        day = int(parts["day"]) if parts.get("day") else None

        if wrong := problem(precision, year, unit, day):
            raise cannot_read(text, wrong)
        return cls(precision, year, unit, day, approximate=approximate, deadline=deadline)

    def __str__(self) -> str:
        text = self._period_text()
        if self.approximate:
            text = "~" + text
        if self.deadline:
            text = "by " + text
        return text

    def _period_text(self) -> str:
        match self.precision:
            case Precision.DAY:
                return f"{self.year:04d}-{self.unit:02d}-{self.day:02d}"
            case Precision.MONTH:
                return f"{MONTH_ABBRS[self.unit - 1]} {self.year}"
            case Precision.QUARTER:
                return f"Q{self.unit} {self.year}"
            case Precision.HALF:
                return f"H{self.unit} {self.year}"
            case Precision.YEAR:
                return str(self.year)
            case Precision.YEARS:
                return f"{self.year}{EN_DASH}{self.unit}"
            case Precision.DECADE:
                return f"{self.year}s"
        # PART and DECADE_PART: "mid" is hyphenated, "early" and "late" are not.
        suffix = "s" if self.precision is Precision.DECADE_PART else ""
        joiner = "-" if self.unit == 2 else " "
        return f"{PART_NAMES[self.unit]}{joiner}{self.year}{suffix}"

    def _span(self) -> tuple[datetime.date, datetime.date]:
        match self.precision:
            case Precision.DAY:
                day = datetime.date(self.year, self.unit, self.day)
                return day, day
            case Precision.YEAR:
                return _year_span(self.year, self.year)
            case Precision.YEARS:
                return _year_span(self.year, self.unit)
            case Precision.DECADE:
                return _year_span(self.year, self.year + 9)
            case Precision.DECADE_PART:
                first, last = DECADE_PART_YEARS[self.unit]
                return _year_span(self.year + first, self.year + last)
        months = MONTHS_PER_UNIT[self.precision]
        return _month_span(self.year, (self.unit - 1) * months + 1, self.unit * months)

    @property
    def earliest(self) -> datetime.date:
        """The first day the value can mean."""
        return self._span()[0]

    @property
    def latest(self) -> datetime.date:
        """The last day the value can mean."""
        return self._span()[1]

    @property
    def sort_key(self) -> tuple:
        """Order by when the period starts, then by when it ends.

        Different periods never share both bounds, so the remaining items only separate
        values that differ in their flags; the order therefore agrees with `==`.
        """
        earliest, latest = self._span()
        return (earliest, latest, RANK[self.precision], self.approximate, self.deadline)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key >= other.sort_key


def parse_or_none(text: str | None, *, today: datetime.date | None = None) -> FuzzyDate | None:
    """Parse optional text: blank or None means "no date", anything else must be readable."""
    if text is None or not text.strip():
        return None
    return FuzzyDate.parse(text, today=today)
