"""What a fuzzy date is made of: its precisions, their units and the checks on its parts.

`fuzzydate.core` builds values from these parts and `fuzzydate.reading` finds them in text;
both agree on the vocabulary defined here. Pure standard-library Python.
"""

from __future__ import annotations

import calendar
import enum

# Wide enough for historical context and long-range targets, narrow enough to catch typos.
MIN_YEAR = 1900
MAX_YEAR = 2200

# Between the years of a range, as in the style guides: "2026–2027".
EN_DASH = "\u2013"


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
    YEARS = "years"  # a range of whole years, "2026–2027"
    DECADE_PART = "decade_part"  # early / mid / late part of a decade
    DECADE = "decade"


RANK = {precision: rank for rank, precision in enumerate(Precision)}

# How many units a precision has; precisions missing here take no unit at all, except YEARS,
# whose unit is the range's last year.
UNIT_COUNT = {
    Precision.DAY: 12,
    Precision.MONTH: 12,
    Precision.QUARTER: 4,
    Precision.HALF: 2,
    Precision.PART: 3,
    Precision.DECADE_PART: 3,
}

# Sub-year units all cover whole months, so one rule gives every span.
MONTHS_PER_UNIT = {
    Precision.DAY: 1,
    Precision.MONTH: 1,
    Precision.QUARTER: 3,
    Precision.HALF: 6,
    Precision.PART: 4,
}

# Early / mid / late part of a decade, as offsets from its first year.
DECADE_PART_YEARS = {1: (0, 3), 2: (4, 6), 3: (7, 9)}

BAD_UNIT = {
    Precision.DAY: "there is no month {}",
    Precision.MONTH: "there is no month {}",
    Precision.QUARTER: "there is no quarter {} (quarters run Q1 to Q4)",
    Precision.HALF: "there is no half {} (halves are H1 and H2)",
    Precision.PART: "the part of the year must be 1 (early), 2 (mid) or 3 (late), not {}",
    Precision.DECADE_PART: "the part of the decade must be 1 (early), 2 (mid) or 3 (late), not {}",
}

# Spelled out rather than taken from `calendar`, whose names follow the process locale.
MONTH_NAMES = (
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
MONTH_ABBRS = tuple(name[:3].capitalize() for name in MONTH_NAMES)
MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}

PART_NAMES = {1: "early", 2: "mid", 3: "late"}
PART_WORDS = {
    "early": 1,
    "beginning": 1,
    "start": 1,
    "mid": 2,
    "middle": 2,
    "late": 3,
    "later": 3,
    "end": 3,
}
HALF_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2}


def _year_problem(year: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"the year must be between {MIN_YEAR} and {MAX_YEAR}, not {year}"
    return None


def _range_problem(first: int, last: int | None, day: int | None) -> str | None:
    if last is None:
        return "a range of years needs its last year"
    if problem := _year_problem(last):
        return problem
    if last <= first:
        if last == first:
            return f'a range needs two different years; for one year type "{first}"'
        return f"the range ends ({last}) before it starts ({first})"
    return None if day is None else "a range of years takes no day"


def _day_problem(year: int, month: int, day: int | None) -> str | None:
    if day is None:
        return "a day date needs a day"
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        return f"{MONTH_ABBRS[month - 1]} {year} has no day {day} (it has {days_in_month})"
    return None


def problem(precision: Precision, year: int, unit: int | None, day: int | None) -> str | None:
    """Say what is wrong with these parts, or return None if they make a real date."""
    if found := _year_problem(year):
        return found
    if precision is Precision.YEARS:
        return _range_problem(year, unit, day)
    if precision in (Precision.DECADE, Precision.DECADE_PART) and year % 10:
        return f"a decade starts in a year ending in 0, not {year}"
    label = precision.value.replace("_", " ")
    count = UNIT_COUNT.get(precision)
    if count is None:
        if unit is not None:
            return f"a {label} date takes no unit"
    elif unit is None:
        return f"a {label} date needs a unit"
    elif not 1 <= unit <= count:
        return BAD_UNIT[precision].format(unit)
    if precision is not Precision.DAY:
        return None if day is None else f"a {label} date takes no day"
    return _day_problem(year, unit, day)
