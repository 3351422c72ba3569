"""Find the parts of a fuzzy date in text as editors type or paste it.

Text is normalised (case, spaces, typographic dashes and tildes), the "~" and "by" qualifiers
are taken off the front, and the rest must match one of the accepted forms whole. Fiscal years
and seasons are refused by name: their months differ from one company or hemisphere to the
next, so the message asks for the calendar period the source means. Pure standard-library
Python.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from .precision import HALF_WORDS, MONTH_NUMBERS, PART_WORDS, FuzzyDateError, Precision

ACCEPTED_FORMS = (
    "2024-10-28, Oct 2024, Q3 2026, H2 2026, early 2025 / mid-2025 / late 2025, 2027, "
    "2026\u20132027 or 2027-28, 2020s, late 2020s, end of the decade; "
    'prefix "~" for approximate or "by" for a deadline.'
)

# Announcements are pasted from web pages and PDFs, which bring typographic look-alikes
# (the sources favour U+2011 non-breaking hyphens, as in "mid\u20112024").
_LOOKALIKES = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u02dc\u223c\u301c\uff5e", "~"),
        **dict.fromkeys("\u2018\u2019\u02bc\uff07", "'"),
    }
)


def normalise(text: str) -> str:
    """Lower-case ASCII-ish text with single spaces, so the patterns can stay strict."""
    # NFKC undoes full-width digits and ligatures such as the "fi" in a PDF's "first half".
    text = unicodedata.normalize("NFKC", text.translate(_LOOKALIKES))
    return " ".join(text.lower().split())


# The patterns run on normalised text, so a literal space means "some whitespace".
_YEAR = r"(?P<year>\d{4})"
_DECADE = r"(?:the )?(?P<year>\d{4})'?s"
_MONTH = "(?P<month>" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_MONTH_NUMBER = r"(?P<unit>0?[1-9]|1[0-2])"  # "2027-28" is a range, not month 28
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_SEPARATOR = r"(?: ?[-/] ?| )"  # "Q3 2026", "Q3-2026", "Q3/2026"
_COMMA = r"(?: ?, ?| )"  # "Oct 28, 2024" as well as "Oct 28 2024"
_PART = r"(?P<part>early|mid|late)(?: ?- ?| )"
_PART_OF = r"(?:the )?(?P<part>beginning|start|middle|end) of "
_LAST_YEAR = r"(?P<last>\d{4}|\d{2})"  # "2026-2027" or "2026-27"

_FORM_PATTERNS = [
    (Precision.DAY, rf"{_YEAR}-(?P<unit>\d{{1,2}})-(?P<day>\d{{1,2}})"),
    (Precision.DAY, rf"{_DAY} {_MONTH}{_COMMA}{_YEAR}"),
    (Precision.DAY, rf"{_MONTH} {_DAY}{_COMMA}{_YEAR}"),
    (Precision.MONTH, rf"{_YEAR}-{_MONTH_NUMBER}"),
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
    (Precision.YEARS, rf"(?:from )?{_YEAR} ?(?:-|/|to|until|through) ?{_LAST_YEAR}"),
    (Precision.YEARS, rf"between {_YEAR} and {_LAST_YEAR}"),
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

# Phrases that look like dates but do not say which months they mean.
_AMBIGUOUS = [
    (
        re.compile(r"\bfy ?'?\d|\bfiscal\b", re.ASCII),
        "a fiscal year starts in a different month at each company",
        'type the calendar period the source means instead, such as "2026", '
        '"2026\u20132027" or "Q2 2026"',
    ),
    (
        re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b", re.ASCII),
        "a season means different months in each hemisphere",
        'type the months instead, such as "mid-2026", "Q3 2026" or "Jul 2026"',
    ),
]


def match_form(text: str) -> tuple[Precision, dict[str, str | None]] | None:
    """Find the first form that reads the whole normalised text, and its captured parts."""
    for precision, pattern in _FORMS:
        if match := pattern.fullmatch(text):
            return precision, match.groupdict()
    return None


def take_qualifiers(rest: str) -> tuple[bool, bool, str]:
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


def this_decade(today: datetime.date | None) -> int:
    return (today or datetime.date.today()).year // 10 * 10


def unit_of(parts: dict) -> int | None:
    """The quarter, half, month or part of the period a form's named parts give, if any.

    For a range of years it is the last year; "2027-28" ends in the same century as it starts.
    """
    if parts.get("last"):
        last = parts["last"]
        return int(last) if len(last) == 4 else int(parts["year"]) // 100 * 100 + int(last)
    if parts.get("unit"):
        return int(parts["unit"])
    if parts.get("month"):
        return MONTH_NUMBERS[parts["month"]]
    if parts.get("part"):
        return PART_WORDS[parts["part"]]
    if parts.get("half"):
        return HALF_WORDS[parts["half"]]
    return None


def _shown(text: str) -> str:
    shown = " ".join(text.split())
    # Keep the message readable when a whole sentence was pasted into the box.
    return shown[:57] + "..." if len(shown) > 60 else shown


def cannot_read(text: str, problem: str | None = None) -> FuzzyDateError:
    """The error for text that matched no form, or whose parts make no real date."""
    shown = _shown(text)
    for pattern, why, instead in _AMBIGUOUS:
        if problem is None and pattern.search(normalise(text)):
            return FuzzyDateError(f'Cannot use "{shown}" as a date: {why}; {instead}.')
    reason = f": {problem}" if problem else ""
    return FuzzyDateError(f'Cannot read "{shown}" as a date{reason}. Accepted: {ACCEPTED_FORMS}')
