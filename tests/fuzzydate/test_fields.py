"""The form field takes what editors type; the model field stores the canonical text."""

import pytest
from django.core.exceptions import ValidationError

from fuzzydate.fields import FuzzyDateFormField


def test_form_field_accepts_spreadsheet_text_and_returns_canonical():
    assert str(FuzzyDateFormField().clean("  MID 2024 ")) == "mid-2024"


def test_form_field_rejects_unreadable_text_listing_what_is_accepted():
    with pytest.raises(ValidationError) as error:
        FuzzyDateFormField().clean("2024-13")
    assert "2024-13" in error.value.messages[0]
    assert "Q3 2026" in error.value.messages[0]


def test_optional_form_field_allows_blank():
    assert FuzzyDateFormField(required=False).clean("") is None


def test_a_valid_value_is_shown_with_its_canonical_form_and_first_and_last_day():
    html = FuzzyDateFormField().widget.render("date", "2027-28")
    assert "Reads as 2027\u20132028: 1 Jan 2027 to 31 Dec 2028" in html


def test_a_day_is_shown_as_that_one_day():
    assert "Reads as 2024-10-28: 28 Oct 2024<" in FuzzyDateFormField().widget.render(
        "d", "28 Oct 2024"
    )


@pytest.mark.parametrize("text", ["", "summer 2026", "soon"])
def test_an_empty_or_unreadable_value_shows_no_bounds(text):
    assert "Reads as" not in FuzzyDateFormField().widget.render("date", text)


def test_a_season_is_refused_in_the_form_saying_what_to_type():
    with pytest.raises(ValidationError) as error:
        FuzzyDateFormField().clean("summer 2026")
    assert "season" in error.value.messages[0]
    assert "Q3 2026" in error.value.messages[0]
