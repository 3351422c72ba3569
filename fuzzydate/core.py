"""Read, write and order the vague dates found in battery announcements.

Manufacturers rarely commit to a day. Press releases say "mid-2024", "Q3 2026", "by 2030" or
"end of the decade". A `FuzzyDate` keeps the precision the source actually gave instead of
inventing a day, knows the earliest and latest calendar day the phrase can mean, sorts
sensibly next to other fuzzy dates, and writes itself back out in one canonical spelling, so
that `FuzzyDate.parse(str(value)) == value` for every value.

Pure standard-library Python: models, forms, importers and tests can all share it.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "ACCEPTED_FORMS",
    "MAX_YEAR",
    "MIN_YEAR",
    "FuzzyDate",
    "FuzzyDateError",
    "Precision",
    "parse_or_none",
]

# Wide enough for historical context and long-range targets, narrow enough to catch typos.
MIN_YEAR = 1900
MAX_YEAR = 2200

ACCEPTED_FORMS = (
    "2024-10-28, Oct 2024, Q3 2026, H2 2026, early 2025 / mid-2025 / late 2025, 2027, 2020s, "
    'late 2020s, end of the decade; prefix "~" for approximate or "by" for a deadline.'
)


class FuzzyDateError(ValueError):
    """Text that is not a readable date, or parts that do not make one.

    `str(error)` is written for the editors who typed the text.
    """


class Precision(enum.StrEnum):
    """How much of the date the source committed to, finest first."""

    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    PART = "part"  # early / mid / late part of a year
    YEAR = "year"
    DECADE_PART = "decade_part"  # early / mid / late part of a decade
    DECADE = "decade"


_RANK = {precision: rank for rank, precision in enumerate(Precision)}

# How many units a precision has; precisions missing here take no unit at all.
_UNIT_COUNT = {
    Precision.DAY: 12,
    Precision.MONTH: 12,
    Precision.QUARTER: 4,
    Precision.HALF: 2,
    Precision.PART: 3,
    Precision.DECADE_PART: 3,
}

# Sub-year units all cover whole months, so one rule gives every span.
_MONTHS_PER_UNIT = {
    Precision.DAY: 1,
    Precision.MONTH: 1,
    Precision.QUARTER: 3,
    Precision.HALF: 6,
    Precision.PART: 4,
}

# Early / mid / late part of a decade, as offsets from its first year.
_DECADE_PART_YEARS = {1: (0, 3), 2: (4, 6), 3: (7, 9)}

_BAD_UNIT = {
    Precision.DAY: "there is no month {}",
    Precision.MONTH: "there is no month {}",
    Precision.QUARTER: "there is no quarter {} (quarters run Q1 to Q4)",
    Precision.HALF: "there is no half {} (halves are H1 and H2)",
    Precision.PART: "the part of the year must be 1 (early), 2 (mid) or 3 (late), not {}",
    Precision.DECADE_PART: "the part of the decade must be 1 (early), 2 (mid) or 3 (late), not {}",
}

# Spelled out rather than taken from `calendar`, whose names follow the process locale.
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_ABBRS = tuple(name[:3].capitalize() for name in _MONTH_NAMES)
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_MONTH_NAMES, start=1)},
    "sept": 9,
}

_PART_NAMES = {1: "early", 2: "mid", 3: "late"}
_PART_WORDS = {
    "early": 1,
    "beginning": 1,
    "start": 1,
    "mid": 2,
    "middle": 2,
    "late": 3,
    "later": 3,
    "end": 3,
}
_HALF_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2}

# Announcements are pasted from web pages and PDFs, which bring typographic look-alikes
# (the sources favour U+2011 non-breaking hyphens, as in "mid\u20112024").
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u02dc\u223c\u301c\uff5e", "~"),
        **dict.fromkeys("\u2018\u2019\u02bc\uff07", "'"),
    }
)


def _normalise(text: str) -> str:
    """Lower-case ASCII-ish text with single spaces, so the patterns can stay strict."""
    # NFKC undoes full-width digits and ligatures such as the "fi" in a PDF's "first half".
    text = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES))
    return " ".join(text.lower().split())


# The patterns run on normalised text, so a literal space means "some whitespace".
_YEAR = r"(?P<year>\d{4})"
_DECADE = r"(?:the )?(?P<year>\d{4})'?s"
_MONTH = "(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_SEPARATOR = r"(?: ?[-/] ?| )"  # "Q3 2026", "Q3-2026", "Q3/2026"
_COMMA = r"(?: ?, ?| )"  # "Oct 28, 2024" as well as "Oct 28 2024"
_PART = r"(?P<part>early|mid|late)(?: ?- ?| )"
_PART_OF = r"(?:the )?(?P<part>beginning|start|middle|end) of "

_FORM_PATTERNS = [
    (Precision.DAY, rf"{_YEAR}-(?P<unit>\d{{1,2}})-(?P<day>\d{{1,2}})"),
    (Precision.DAY, rf"{_DAY} {_MONTH}{_COMMA}{_YEAR}"),
    (Precision.DAY, rf"{_MONTH} {_DAY}{_COMMA}{_YEAR}"),
    (Precision.MONTH, rf"{_YEAR}-(?P<unit>\d{{1,2}})"),
    (Precision.MONTH, rf"{_MONTH}{_COMMA}{_YEAR}"),
    (Precision.QUARTER, rf"q(?P<unit>\d){_SEPARATOR}{_YEAR}"),
    (Precision.QUARTER, rf"(?P<unit>\d)q{_SEPARATOR}?{_YEAR}"),
    (Precision.QUARTER, rf"{_YEAR}{_SEPARATOR}?q(?P<unit>\d)"),
    (Precision.HALF, rf"h(?P<unit>\d){_SEPARATOR}{_YEAR}"),
    (Precision.HALF, rf"(?P<unit>\d)h{_SEPARATOR}?{_YEAR}"),
    (Precision.HALF, rf"{_YEAR}{_SEPARATOR}?h(?P<unit>\d)"),
    (Precision.HALF, rf"(?:the )?(?P<half>first|second|1st|2nd) half(?: of)? {_YEAR}"),
    (Precision.PART, rf"{_PART}{_YEAR}"),
    (Precision.PART, rf"{_PART_OF}{_YEAR}"),
    (Precision.YEAR, _YEAR),
    (Precision.DECADE, _DECADE),
    (Precision.DECADE_PART, rf"{_PART}{_DECADE}"),
    (Precision.DECADE_PART, rf"{_PART_OF}{_DECADE}"),
    # The forms below name no year: they mean the decade the reader is living in.
    (Precision.DECADE, r"(?:the|this) decade"),
    (Precision.DECADE_PART, r"(?P<part>early|late|later) in (?:the|this) decade"),
    (Precision.DECADE_PART, rf"{_PART_OF}(?:the |this )?decade"),
    (Precision.DECADE_PART, r"(?P<part>mid)(?: ?- ?| )?decade"),
]
_FORMS = [(precision, re.compile(pattern, re.ASCII)) for precision, pattern in _FORM_PATTERNS]

_APPROXIMATE = re.compile(
    r"~ ?|(?:c|ca|approx)\. ?|(?:ca|circa|approx|approximately|around|about) ", re.ASCII
)
# "By the end of 2030" is a deadline of 2030 as a whole, not of late 2030.
_DEADLINE = re.compile(
    r"(?P<end_of>(?:by|before|no later than) (?:the )?end of )|(?:by|no later than) ", re.ASCII
)


def _match_form(text: str) -> tuple[Precision, dict[str, str | None]] | None:
    """Find the first form that reads the whole normalised text, and its captured parts."""
    for precision, pattern in _FORMS:
        if match := pattern.fullmatch(text):
            return precision, match.groupdict()
    return None


def _problem(precision: Precision, year: int, unit: int | None, day: int | None) -> str | None:
    """Say what is wrong with these parts, or return None if they make a real date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"the year must be between {MIN_YEAR} and {MAX_YEAR}, not {year}"
    if precision in (Precision.DECADE, Precision.DECADE_PART) and year % 10:
        return f"a decade starts in a year ending in 0, not {year}"
    label = precision.value.replace("_", " ")
    count = _UNIT_COUNT.get(precision)
    if count is None:
        if unit is not None:
            return f"a {label} date takes no unit"
    elif unit is None:
        return f"a {label} date needs a unit"
    elif not 1 <= unit <= count:
        return _BAD_UNIT[precision].format(unit)
    if precision is not Precision.DAY:
        return None if day is None else f"a {label} date takes no day"
    if day is None:
        return "a day date needs a day"
    days_in_month = calendar.monthrange(year, unit)[1]
    if not 1 <= day <= days_in_month:
        return f"{_MONTH_ABBRS[unit - 1]} {year} has no day {day} (it has {days_in_month})"
    return None


def _month_span(year: int, first: int, last: int) -> tuple[datetime.date, datetime.date]:
    end = datetime.date(year, last, calendar.monthrange(year, last)[1])
    return datetime.date(year, first, 1), end


def _year_span(first: int, last: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def _qualifiers(rest: str) -> tuple[bool, bool, str]:
    """Take "~" and "by" off the front: (approximate, deadline, what remains).

    Qualifiers may come in either order ("by ~2027", "~by 2027"), but each only once.
    """
    approximate = deadline = end_of = False
    while True:
        if not deadline and (match := _DEADLINE.match(rest)):
            deadline, end_of = True, bool(match["end_of"])
        elif not approximate and (match := _APPROXIMATE.match(rest)):
            approximate = True
        else:
            break
        rest = rest[match.end() :]
    if end_of and rest == "decade":
        # "by end of decade": the bare word is only a date after "end of".
        rest = "this decade"
    return approximate, deadline, rest


def _this_decade(today: datetime.date | None) -> int:
    return (today or datetime.date.today()).year // 10 * 10


def _unit_of(parts: dict) -> int | None:
    """The quarter, half, month or part of the period a form's named parts give, if any."""
    if parts.get("unit"):
        return int(parts["unit"])
    if parts.get("month"):
        return _MONTH_NUMBERS[parts["month"]]
    if parts.get("part"):
        return _PART_WORDS[parts["part"]]
    if parts.get("half"):
        return _HALF_WORDS[parts["half"]]
    return None


def _cannot_read(text: str, problem: str | None = None) -> FuzzyDateError:
    shown = " ".join(text.split())
    if len(shown) > 60:
        # Keep the message readable when a whole sentence was pasted into the box.
        shown = shown[:57] + "..."
    reason = f": {problem}" if problem else ""
    return FuzzyDateError(f'Cannot read "{shown}" as a date{reason}. Accepted: {ACCEPTED_FORMS}')


@dataclass(frozen=True)
class FuzzyDate:
    """A date known only to some precision, such as "Q3 2026" or "by ~2027".

    `year` is the decade's first year for DECADE and DECADE_PART. `unit` is the month for
    MONTH and DAY, the quarter, the half, or 1/2/3 for the early/mid/late part of a year or
    decade; it is None for YEAR and DECADE. `approximate` ("~") and `deadline` ("by") are
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
        problem = _problem(precision, self.year, self.unit, self.day)
        if problem:
            raise FuzzyDateError(f"Invalid fuzzy date: {problem}.")

    @classmethod
    def parse(cls, text: str, *, today: datetime.date | None = None) -> FuzzyDate:
        """Read editor-typed text; `today` fixes the decade meant by "end of the decade"."""
        if text is not None and not isinstance(text, str):
            raise TypeError(f"FuzzyDate.parse expects text, not {type(text).__name__}")
        if not text or not text.strip():
            raise FuzzyDateError(f"A date is required. Accepted: {ACCEPTED_FORMS}")

        approximate, deadline, rest = _qualifiers(_normalise(text))
        found = _match_form(rest)
        if found is None:
            raise _cannot_read(text)
        precision, parts = found
        year = int(parts["year"]) if parts.get("year") else _this_decade(today)
        unit = _unit_of(parts)
        day = int(parts["day"]) if parts.get("day") else None

        problem = _problem(precision, year, unit, day)
        if problem:
            raise _cannot_read(text, problem)
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
                return f"{_MONTH_ABBRS[self.unit - 1]} {self.year}"
            case Precision.QUARTER:
                return f"Q{self.unit} {self.year}"
            case Precision.HALF:
                return f"H{self.unit} {self.year}"
            case Precision.YEAR:
                return str(self.year)
            case Precision.DECADE:
                return f"{self.year}s"
        # PART and DECADE_PART: "mid" is hyphenated, "early" and "late" are not.
        suffix = "s" if self.precision is Precision.DECADE_PART else ""
        joiner = "-" if self.unit == 2 else " "
        return f"{_PART_NAMES[self.unit]}{joiner}{self.year}{suffix}"

    def _span(self) -> tuple[datetime.date, datetime.date]:
        match self.precision:
            case Precision.DAY:
                day = datetime.date(self.year, self.unit, self.day)
                return day, day
            case Precision.YEAR:
                return _year_span(self.year, self.year)
            case Precision.DECADE:
                return _year_span(self.year, self.year + 9)
            case Precision.DECADE_PART:
                first, last = _DECADE_PART_YEARS[self.unit]
                return _year_span(self.year + first, self.year + last)
        months = _MONTHS_PER_UNIT[self.precision]
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
        return (earliest, latest, _RANK[self.precision], self.approximate, self.deadline)

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
