"""How CSV cells read and write: choices, flags, days, fuzzy dates, lists, formula escaping."""

import pytest

from imports.columns import (
    ChoiceWidget,
    DayWidget,
    FuzzyDateWidget,
    ReferenceListWidget,
    YesNoWidget,
    escape_formula,
    unescape_formula,
)
from timeline.models import Stage


@pytest.mark.parametrize("text", ["R&D", "r&d", "research", "RESEARCH", "  Research "])
def test_choice_by_value_or_label_in_any_case(text):
    assert ChoiceWidget(Stage.choices).clean(text) == "research"


def test_unknown_choice_lists_what_is_accepted():
    with pytest.raises(ValueError, match=r"Accepted: research \(R&D\), a_sample"):
        ChoiceWidget(Stage.choices).clean("warp")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Yes", True),
        ("true", True),
        ("1", True),
        ("no", False),
        ("FALSE", False),
        ("0", False),
        ("", False),
    ],
)
def test_flags(text, value):
    assert YesNoWidget().clean(text) is value


def test_unreadable_values_say_what_is_accepted():
    with pytest.raises(ValueError, match="yes or no"):
        YesNoWidget().clean("perhaps")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        DayWidget().clean("31/03/2025")
    with pytest.raises(ValueError, match='Cannot read "soon"'):
        FuzzyDateWidget().clean("soon")


def test_fuzzy_dates_are_written_canonically():
    widget = FuzzyDateWidget()
    assert widget.render(widget.clean("second half of 2026")) == "H2 2026"


def test_lists_are_split_on_semicolons_and_written_sorted():
    widget = ReferenceListWidget(None, "slug")
    assert widget.clean(" b ; a;;b ") == ("b", "a")
    assert widget.render(("b", "a")) == "a;b"


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "'=x", "''@x", "plain", "'quoted", ""]
)
def test_formula_escaping_round_trips_exactly(text):
    assert unescape_formula(escape_formula(text)) == text


def test_formula_cells_are_prefixed_for_spreadsheets():
    assert escape_formula("=HYPERLINK()") == "'=HYPERLINK()"
    assert escape_formula("plain") == "plain"
    assert unescape_formula("=kept as text") == "=kept as text"
