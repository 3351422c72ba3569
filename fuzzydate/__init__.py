"""Vague announcement dates ("mid-2024", "Q3 2026", "by 2030") as sortable values.

The parsing and formatting rules live in `fuzzydate.core`, which has no Django dependency;
`fuzzydate.fields` adapts them to model and form fields.
"""

from .core import ACCEPTED_FORMS, FuzzyDate, FuzzyDateError, Precision, parse_or_none

__all__ = ["ACCEPTED_FORMS", "FuzzyDate", "FuzzyDateError", "Precision", "parse_or_none"]
