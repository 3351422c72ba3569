"""Behaviour of fuzzy announcement dates: reading, canonical text, bounds and ordering."""

import calendar
import dataclasses
import datetime
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzydate.core import ACCEPTED_FORMS, FuzzyDate, FuzzyDateError, Precision, parse_or_none

D = datetime.date

# A day in the 2020s, so that "end of the decade" has a fixed meaning in these tests.
TODAY = D(2026, 5, 1)


# --- Reading every accepted form -------------------------------------------------------------

ACCEPTED = [
    # Days
    ("2024-10-28", "2024-10-28"),
    ("28 Oct 2024", "2024-10-28"),
    ("28 October 2024", "2024-10-28"),
    ("28th October 2024", "2024-10-28"),
    ("Oct 28, 2024", "2024-10-28"),
    ("October 28 2024", "2024-10-28"),
    ("Feb 29 2024", "2024-02-29"),
    ("2024-1-5", "2024-01-05"),
    # Months
    ("Oct 2024", "Oct 2024"),
    ("October 2024", "Oct 2024"),
    ("oct 2024", "Oct 2024"),
    ("Oct. 2024", "Oct 2024"),
    ("Sept 2024", "Sep 2024"),
    ("September 2024", "Sep 2024"),
    ("May 2025", "May 2025"),
    ("2024-10", "Oct 2024"),
    ("2024-03", "Mar 2024"),
    # Quarters
    ("Q3 2026", "Q3 2026"),
    ("q3 2026", "Q3 2026"),
    ("2026 Q3", "Q3 2026"),
    ("2026Q3", "Q3 2026"),
    ("Q3-2026", "Q3 2026"),
    ("Q3/2026", "Q3 2026"),
    ("3Q 2026", "Q3 2026"),
    # Halves
    ("H2 2026", "H2 2026"),
    ("h2 2026", "H2 2026"),
    ("2H 2026", "H2 2026"),
    ("2026 H2", "H2 2026"),
    ("first half of 2026", "H1 2026"),
    ("second half of 2026", "H2 2026"),
    ("the second half of 2026", "H2 2026"),
    ("1st half 2026", "H1 2026"),
    ("2nd half 2026", "H2 2026"),
    # Parts of a year
    ("early 2025", "early 2025"),
    ("Early 2025", "early 2025"),
    ("beginning of 2025", "early 2025"),
    ("start of 2025", "early 2025"),
    ("mid-2024", "mid-2024"),
    ("mid 2024", "mid-2024"),
    ("middle of 2024", "mid-2024"),
    ("late 2025", "late 2025"),
    ("end of 2025", "late 2025"),
    # Years and decades
    ("2027", "2027"),
    ("2020s", "2020s"),
    ("2020's", "2020s"),
    ("the 2020s", "2020s"),
    ("early 2020s", "early 2020s"),
    ("mid-2020s", "mid-2020s"),
    ("mid 2020s", "mid-2020s"),
    ("late 2020s", "late 2020s"),
    ("end of the 2020s", "late 2020s"),
    # Ranges of years, written with an en dash
    ("2026\u20132027", "2026\u20132027"),
    ("2026-2027", "2026\u20132027"),
    ("2026 - 2027", "2026\u20132027"),
    ("2027-28", "2027\u20132028"),
    ("2027\u201328", "2027\u20132028"),
    ("2027/28", "2027\u20132028"),
    ("2099-01", "Jan 2099"),
    ("between 2026 and 2028", "2026\u20132028"),
    ("Between 2026 and 28", "2026\u20132028"),
    ("from 2026 to 2028", "2026\u20132028"),
    ("2026 to 2028", "2026\u20132028"),
    ("~2026\u20132027", "~2026\u20132027"),
    ("by 2026-27", "by 2026\u20132027"),
    # Approximate
    ("~2027", "~2027"),
    ("~ 2027", "~2027"),
    ("c. 2027", "~2027"),
    ("ca. 2027", "~2027"),
    ("circa 2027", "~2027"),
    ("around 2027", "~2027"),
    ("approx. 2027", "~2027"),
    ("approximately 2027", "~2027"),
    ("about 2027", "~2027"),
    ("~Q3 2026", "~Q3 2026"),
    ("around mid-2024", "~mid-2024"),
    # Deadlines
    ("by 2030", "by 2030"),
    ("by the end of 2030", "by 2030"),
    ("by end of 2030", "by 2030"),
    ("no later than 2030", "by 2030"),
    ("before end of 2030", "by 2030"),
    ("before the end of 2030", "by 2030"),
    ("by H2 2026", "by H2 2026"),
    ("by the end of the 2020s", "by 2020s"),
    # Both qualifiers, in either order
    ("by ~2027", "by ~2027"),
    ("by about 2027", "by ~2027"),
    ("~by 2027", "by ~2027"),
    # Forgiving whitespace, case and typography
    ("  MID-2024 ", "mid-2024"),
    ("mid\u20112024", "mid-2024"),
    ("mid\u20132024", "mid-2024"),
    ("mid\u2014 2024", "mid-2024"),
    ("Q3\u00a02026", "Q3 2026"),
    ("by\u202f2030", "by 2030"),
    ("\uff5e2027", "~2027"),
    ("\u223c2027", "~2027"),
    ("2024\u201310\u201328", "2024-10-28"),
    ("\ufb01rst half of 2026", "H1 2026"),
    ("OCTOBER   28 ,  2024", "2024-10-28"),
]


@pytest.mark.parametrize(("text", "canonical"), ACCEPTED)
def test_accepted_form_reads_as_its_canonical_text(text, canonical):
    assert str(FuzzyDate.parse(text)) == canonical


@pytest.mark.parametrize(("text", "canonical"), ACCEPTED)
def test_accepted_form_equals_its_canonical_text_read_back(text, canonical):
    assert FuzzyDate.parse(text) == FuzzyDate.parse(canonical)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-10-28", FuzzyDate(Precision.DAY, 2024, 10, 28)),
        ("Oct 2024", FuzzyDate(Precision.MONTH, 2024, 10)),
        ("Q3 2026", FuzzyDate(Precision.QUARTER, 2026, 3)),
        ("H2 2026", FuzzyDate(Precision.HALF, 2026, 2)),
        ("mid-2024", FuzzyDate(Precision.PART, 2024, 2)),
        ("2027", FuzzyDate(Precision.YEAR, 2027)),
        ("late 2020s", FuzzyDate(Precision.DECADE_PART, 2020, 3)),
        ("2020s", FuzzyDate(Precision.DECADE, 2020)),
        ("by ~2027", FuzzyDate(Precision.YEAR, 2027, approximate=True, deadline=True)),
    ],
)
def test_parsed_value_stores_precision_and_parts(text, expected):
    assert FuzzyDate.parse(text) == expected


# --- Decade phrases that depend on today -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("end of the decade", "late 2020s"),
        ("end of decade", "late 2020s"),
        ("End of the Decade", "late 2020s"),
        ("later in the decade", "late 2020s"),
        ("late in the decade", "late 2020s"),
        ("early in the decade", "early 2020s"),
        ("beginning of the decade", "early 2020s"),
        ("mid-decade", "mid-2020s"),
        ("mid decade", "mid-2020s"),
        ("middle of the decade", "mid-2020s"),
        ("this decade", "2020s"),
        ("~end of the decade", "~late 2020s"),
        ("by the end of the decade", "by 2020s"),
        ("by end of decade", "by 2020s"),
    ],
)
def test_decade_phrases_mean_the_decade_containing_today(text, canonical):
    assert str(FuzzyDate.parse(text, today=TODAY)) == canonical


def test_end_of_the_decade_spans_its_last_three_years():
    value = FuzzyDate.parse("end of the decade", today=TODAY)
    assert (value.earliest, value.latest) == (D(2027, 1, 1), D(2029, 12, 31))


def test_end_of_the_decade_moves_with_today():
    assert str(FuzzyDate.parse("end of the decade", today=D(2031, 1, 1))) == "late 2030s"
    assert str(FuzzyDate.parse("end of the decade", today=D(2029, 12, 31))) == "late 2020s"


def test_today_defaults_to_the_current_date():
    decade = datetime.date.today().year // 10 * 10
    assert FuzzyDate.parse("end of the decade") == FuzzyDate(Precision.DECADE_PART, decade, 3)


def test_parse_or_none_passes_today_through():
    assert str(parse_or_none("mid-decade", today=D(2041, 6, 1))) == "mid-2040s"


# --- Bounds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2024-10-28", D(2024, 10, 28), D(2024, 10, 28)),
        ("Oct 2024", D(2024, 10, 1), D(2024, 10, 31)),
        ("Feb 2024", D(2024, 2, 1), D(2024, 2, 29)),
        ("Feb 2023", D(2023, 2, 1), D(2023, 2, 28)),
        ("Feb 2000", D(2000, 2, 1), D(2000, 2, 29)),
        ("Feb 1900", D(1900, 2, 1), D(1900, 2, 28)),
        ("Apr 2025", D(2025, 4, 1), D(2025, 4, 30)),
        ("Q1 2024", D(2024, 1, 1), D(2024, 3, 31)),
        ("Q2 2024", D(2024, 4, 1), D(2024, 6, 30)),
        ("Q3 2026", D(2026, 7, 1), D(2026, 9, 30)),
        ("Q4 2026", D(2026, 10, 1), D(2026, 12, 31)),
        ("H1 2026", D(2026, 1, 1), D(2026, 6, 30)),
        ("H2 2026", D(2026, 7, 1), D(2026, 12, 31)),
        ("early 2025", D(2025, 1, 1), D(2025, 4, 30)),
        ("mid-2024", D(2024, 5, 1), D(2024, 8, 31)),
        ("late 2025", D(2025, 9, 1), D(2025, 12, 31)),
        ("2027", D(2027, 1, 1), D(2027, 12, 31)),
        ("2020s", D(2020, 1, 1), D(2029, 12, 31)),
        ("early 2020s", D(2020, 1, 1), D(2023, 12, 31)),
        ("mid-2020s", D(2024, 1, 1), D(2026, 12, 31)),
        ("late 2020s", D(2027, 1, 1), D(2029, 12, 31)),
        ("2200s", D(2200, 1, 1), D(2209, 12, 31)),
        ("2026\u20132027", D(2026, 1, 1), D(2027, 12, 31)),
        ("2027-28", D(2027, 1, 1), D(2028, 12, 31)),
        ("between 2026 and 2030", D(2026, 1, 1), D(2030, 12, 31)),
    ],
)
def test_bounds_cover_the_whole_period(text, earliest, latest):
    value = FuzzyDate.parse(text)
    assert (value.earliest, value.latest) == (earliest, latest)


def test_mid_year_spans_may_to_august():
    value = FuzzyDate.parse("mid-2024")
    assert (value.earliest, value.latest) == (D(2024, 5, 1), D(2024, 8, 31))


def test_leap_year_february_ends_on_the_29th():
    assert FuzzyDate.parse("February 2024").latest == D(2024, 2, 29)
    assert FuzzyDate.parse("29 Feb 2024").earliest == D(2024, 2, 29)


def test_year_parts_tile_the_year_without_gaps():
    early, mid, late = (FuzzyDate.parse(f"{word} 2025") for word in ("early", "mid", "late"))
    assert early.earliest == D(2025, 1, 1)
    assert mid.earliest == early.latest + datetime.timedelta(days=1)
    assert late.earliest == mid.latest + datetime.timedelta(days=1)
    assert late.latest == D(2025, 12, 31)


@pytest.mark.parametrize("text", ["~2027", "by 2027", "by ~2027", "around 2027"])
def test_qualifiers_are_flags_that_leave_the_bounds_alone(text):
    value = FuzzyDate.parse(text)
    plain = FuzzyDate.parse("2027")
    assert (value.earliest, value.latest) == (plain.earliest, plain.latest)
    assert value != plain


def test_qualifier_flags_are_recorded():
    assert FuzzyDate.parse("~2027").approximate
    assert not FuzzyDate.parse("~2027").deadline
    assert FuzzyDate.parse("by 2030").deadline
    assert not FuzzyDate.parse("by 2030").approximate


# --- Rejections --------------------------------------------------------------------------------

REJECTED = [
    "2024-13",
    "soon",
    "Q5 2026",
    "Q0 2026",
    "H3 2026",
    "Feb 30 2024",
    "2024-02-30",
    "29 Feb 2023",
    "2024-04-31",
    "27",
    "mid",
    "by",
    "~",
    "by ~",
    "~~2027",
    "by by 2030",
    "99999",
    "late 1899s",
    "1899",
    "2201",
    "2025s",
    "3Q26",
    "Q3 26",
    "Oct 24",
    "mid-24",
    "before 2030",
    "decade",
    "2024-10-28T10:00",
    "next year",
]


@pytest.mark.parametrize("text", REJECTED)
def test_unreadable_text_is_rejected_naming_it_and_listing_accepted_forms(text):
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse(text)
    message = str(caught.value)
    assert f'Cannot read "{text}" as a date' in message
    assert ACCEPTED_FORMS in message


def test_rejection_message_reads_as_plain_english():
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse("soon")
    assert str(caught.value) == (
        'Cannot read "soon" as a date. Accepted: 2024-10-28, Oct 2024, Q3 2026, H2 2026, '
        "early 2025 / mid-2025 / late 2025, 2027, 2026\u20132027 or 2027-28, 2020s, late 2020s, "
        "end of the decade; "
        'prefix "~" for approximate or "by" for a deadline.'
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024-13", "the range ends \\(2013\\) before it starts \\(2024\\)"),
        ("2026-2026", 'a range needs two different years; for one year type "2026"'),
        ("2030-2020", "the range ends \\(2020\\) before it starts \\(2030\\)"),
        ("Q5 2026", "there is no quarter 5"),
        ("H3 2026", "there is no half 3"),
        ("Feb 30 2024", "Feb 2024 has no day 30"),
        ("late 1899s", "between 1900 and 2200"),
        ("2025s", "a decade starts in a year ending in 0"),
    ],
)
def test_rejection_explains_what_is_wrong_with_a_near_miss(text, reason):
    with pytest.raises(FuzzyDateError, match=reason):
        FuzzyDate.parse(text)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\t"])
def test_blank_text_is_rejected_as_a_required_date(text):
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse(text)
    assert "A date is required" in str(caught.value)
    assert ACCEPTED_FORMS in str(caught.value)


def test_long_pasted_text_is_shortened_in_the_message():
    text = "The company expects start of production some time after the pilot line " * 3
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse(text)
    assert len(str(caught.value)) < len(text) + len(ACCEPTED_FORMS)
    assert '..." as a date' in str(caught.value)


def test_rejection_is_a_value_error():
    assert issubclass(FuzzyDateError, ValueError)


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        FuzzyDate.parse(2027)


# --- Building values directly ------------------------------------------------------------------


@pytest.mark.parametrize(
    "parts",
    [
        {"precision": Precision.MONTH, "year": 2024, "unit": 13},
        {"precision": Precision.MONTH, "year": 2024},
        {"precision": Precision.DAY, "year": 2024, "unit": 2, "day": 30},
        {"precision": Precision.DAY, "year": 2024, "unit": 2},
        {"precision": Precision.QUARTER, "year": 2024, "unit": 5},
        {"precision": Precision.HALF, "year": 2024, "unit": 0},
        {"precision": Precision.PART, "year": 2024, "unit": 4},
        {"precision": Precision.YEAR, "year": 1899},
        {"precision": Precision.YEAR, "year": 2201},
        {"precision": Precision.YEAR, "year": 2024, "unit": 1},
        {"precision": Precision.YEAR, "year": 2024, "day": 1},
        {"precision": Precision.DECADE, "year": 2025},
        {"precision": Precision.DECADE_PART, "year": 2020, "unit": 4},
        {"precision": Precision.YEARS, "year": 2026},
        {"precision": Precision.YEARS, "year": 2026, "unit": 2026},
        {"precision": Precision.YEARS, "year": 2026, "unit": 2201},
        {"precision": "fortnight", "year": 2024},
    ],
)
def test_invalid_parts_are_refused_on_construction(parts):
    with pytest.raises(FuzzyDateError):
        FuzzyDate(**parts)


def test_precision_given_as_stored_text_becomes_the_enum_member():
    value = FuzzyDate("quarter", 2026, 3)
    assert value.precision is Precision.QUARTER
    assert value == FuzzyDate(Precision.QUARTER, 2026, 3)


def test_values_are_immutable_and_hashable():
    value = FuzzyDate.parse("Oct 2024")
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.year = 2025
    assert {value, FuzzyDate.parse("october 2024")} == {value}


# --- parse_or_none -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "   "])
def test_parse_or_none_treats_blank_as_no_date(text):
    assert parse_or_none(text) is None


def test_parse_or_none_reads_text():
    assert parse_or_none(" mid 2024 ") == FuzzyDate(Precision.PART, 2024, 2)


def test_parse_or_none_still_rejects_unreadable_text():
    with pytest.raises(FuzzyDateError):
        parse_or_none("soon")


# --- Ordering ----------------------------------------------------------------------------------

# By earliest day, then latest day: a longer period that starts on the same day comes after
# the shorter one, and qualified values follow the plain one they qualify (deadlines first).
SORTED = [
    "early 2020s",
    "2020s",
    "2024-01-01",
    "Jan 2024",
    "Q1 2024",
    "early 2024",
    "H1 2024",
    "2024",
    "by 2024",
    "~2024",
    "by ~2024",
    "2024\u20132025",
    "mid-2020s",
    "mid-2024",
    "Q3 2024",
    "H2 2024",
    "late 2024",
    "Oct 2024",
    "2024-10-28",
    "2025",
    "2027",
    "2027\u20132028",
    "late 2020s",
    "by 2030",
]


def test_shuffled_values_sort_by_start_then_end():
    expected = [FuzzyDate.parse(text) for text in SORTED]
    for seed in range(5):
        shuffled = expected[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled) == expected
        assert sorted(shuffled, key=lambda value: value.sort_key) == expected


def test_comparison_operators_follow_the_sort_key():
    q1, year = FuzzyDate.parse("Q1 2024"), FuzzyDate.parse("2024")
    assert q1 < year
    assert q1 <= year
    assert year > q1
    assert year >= q1
    assert q1 <= FuzzyDate.parse("q1 2024") <= q1


def test_comparing_with_something_else_is_a_type_error():
    with pytest.raises(TypeError):
        _ = FuzzyDate.parse("2024") < datetime.date(2024, 1, 1)


# --- Properties over every precision and qualifier ---------------------------------------------

UNIT_COUNTS = {
    Precision.DAY: 12,
    Precision.MONTH: 12,
    Precision.QUARTER: 4,
    Precision.HALF: 2,
    Precision.PART: 3,
    Precision.DECADE_PART: 3,
}
DECADES = (Precision.DECADE, Precision.DECADE_PART)


@st.composite
def fuzzy_dates(draw, precision=None):
    """Any valid value, or any value of one precision, with every qualifier combination."""
    precision = precision or draw(st.sampled_from(Precision))
    year = draw(st.integers(min_value=1950, max_value=2150))
    if precision in DECADES:
        year -= year % 10
    unit = day = None
    if precision in UNIT_COUNTS:
        unit = draw(st.integers(min_value=1, max_value=UNIT_COUNTS[precision]))
    if precision is Precision.DAY:
        day = draw(st.integers(min_value=1, max_value=calendar.monthrange(year, unit)[1]))
    if precision is Precision.YEARS:
        unit = draw(st.integers(min_value=year + 1, max_value=year + 30))
    return FuzzyDate(
        precision,
        year,
        unit,
        day,
        approximate=draw(st.booleans()),
        deadline=draw(st.booleans()),
    )


@st.composite
def respellings(draw, text):
    """The same text as an editor might type or paste it."""
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    text = "".join(c.upper() if flip else c.lower() for c, flip in zip(text, flips, strict=True))
    spaces = st.sampled_from([" ", "  ", "\t", "\u00a0", " \u00a0 "])
    hyphens = st.sampled_from(["-", "\u2011", "\u2013"])
    text = "".join(draw(spaces) if c == " " else draw(hyphens) if c == "-" else c for c in text)
    padding = st.text(alphabet=" \t\n\u00a0", max_size=3)
    return draw(padding) + text + draw(padding)


@given(fuzzy_dates())
def test_canonical_text_parses_back_to_an_equal_value(value):
    assert FuzzyDate.parse(str(value)) == value


@given(fuzzy_dates())
def test_canonical_text_is_stable(value):
    assert str(FuzzyDate.parse(str(value))) == str(value)


@given(fuzzy_dates())
def test_earliest_is_never_after_latest(value):
    assert value.earliest <= value.latest


@given(fuzzy_dates(), st.data())
def test_case_and_whitespace_variants_parse_to_the_same_value(value, data):
    assert FuzzyDate.parse(data.draw(respellings(str(value)))) == value


@given(fuzzy_dates(), fuzzy_dates())
def test_earlier_start_always_sorts_first(a, b):
    if a.earliest < b.earliest:
        assert a < b
        assert not b <= a


@given(fuzzy_dates(), fuzzy_dates())
def test_order_is_total_and_consistent_with_equality(a, b):
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a == b) == (a.sort_key == b.sort_key)
    assert (a <= b) == (a < b or a == b)


@given(st.data())
def test_within_one_precision_order_is_chronological(data):
    precision = data.draw(st.sampled_from(Precision))
    a, b = (data.draw(fuzzy_dates(precision)) for _ in range(2))
    a, b = (dataclasses.replace(v, approximate=False, deadline=False) for v in (a, b))
    assert (a < b) == ((a.earliest, a.latest) < (b.earliest, b.latest))


# --- Fiscal years and seasons ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["FY2026", "FY 2026", "fy26", "FY2026/27", "fiscal 2026"])
def test_fiscal_year_is_refused_saying_why_and_what_to_type(text):
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse(text)
    message = str(caught.value)
    assert f'Cannot use "{text}" as a date' in message
    assert "fiscal year starts in a different month at each company" in message
    assert '"2026\u20132027"' in message


@pytest.mark.parametrize("text", ["summer 2026", "Spring 2027", "autumn 2026", "~winter 2026"])
def test_season_is_refused_saying_why_and_what_to_type(text):
    with pytest.raises(FuzzyDateError) as caught:
        FuzzyDate.parse(text)
    message = str(caught.value)
    assert "a season means different months in each hemisphere" in message
    assert '"mid-2026", "Q3 2026" or "Jul 2026"' in message


def test_range_is_stored_as_its_first_and_last_year():
    assert FuzzyDate.parse("2027-28") == FuzzyDate(Precision.YEARS, 2027, 2028)
