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
