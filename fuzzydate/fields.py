"""Django model and form fields for fuzzy dates.

The model field stores the canonical text ("mid-2024", "~2027") in a character column and,
when given companion date columns, keeps them filled with the value's earliest and latest day
so that the database can sort and filter by date.
"""

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html

from .core import ACCEPTED_FORMS, FuzzyDate, FuzzyDateError


@lru_cache(maxsize=4096)
def parse_canonical(text: str) -> FuzzyDate:
    """Parse stored text; the same few hundred values are read over and over."""
    return FuzzyDate.parse(text)


def to_fuzzy_date(value) -> FuzzyDate | None:
    """Turn text or a FuzzyDate into a FuzzyDate, raising ValidationError for unreadable text."""
    if value is None or isinstance(value, FuzzyDate):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_canonical(text)
    except FuzzyDateError as error:
        raise ValidationError(str(error), code="invalid_fuzzy_date") from error


def _day_text(day) -> str:
    return f"{day.day} {day:%b} {day.year}"


def bounds_text(value: FuzzyDate) -> str:
    """What a value reads as and the days it can mean: "2026–2027: 1 Jan 2026 to 31 Dec 2027"."""
    if value.earliest == value.latest:
        return f"{value}: {_day_text(value.earliest)}"
    return f"{value}: {_day_text(value.earliest)} to {_day_text(value.latest)}"


class FuzzyDateWidget(forms.TextInput):
    """A text box followed by its value's canonical form and first and last day, once it reads."""

    def render(self, name, value, attrs=None, renderer=None):
        box = super().render(name, value, attrs, renderer)
        try:
            parsed = to_fuzzy_date(value)
        except ValidationError:
            parsed = None  # the field's error message says what is wrong
        if parsed is None:
            return box
        return format_html(
            '{}<span class="fuzzydate-bounds">Reads as {}</span>', box, bounds_text(parsed)
        )


class FuzzyDateFormField(forms.CharField):
    """A text box that takes the same text editors type in a spreadsheet."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.setdefault("max_length", 40)
        widget = kwargs.get("widget") or forms.TextInput
        if isinstance(widget, type):
            widget = widget()
        # The admin asks for its plain text box; keep its look and add the bounds.
        if isinstance(widget, forms.TextInput) and not isinstance(widget, FuzzyDateWidget):
            widget = FuzzyDateWidget(attrs=widget.attrs)
        kwargs["widget"] = widget
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "" if value is None else str(value)

    def to_python(self, value):
        return to_fuzzy_date(super().to_python(value))

    def run_validators(self, value):
        # Length and other text validators apply to the canonical text, not the parsed value.
        super().run_validators(None if value is None else str(value))


class FuzzyDateField(models.CharField):
    """A fuzzy date stored as canonical text, optionally mirrored into two date columns.

    `start_field` and `end_field` name DateFields on the same model (declared after this
    field, so they are written after it) that receive the earliest and latest day on every
    save and bulk insert. Code that uses `bulk_update` calls `sync_fuzzy_bounds(instance)`.
    """

    description = "Fuzzy date such as 'Oct 2024', 'mid-2024' or '~2027'"

    def __init__(self, *args, start_field=None, end_field=None, **kwargs):
        self.start_field = start_field
        self.end_field = end_field
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", f"Accepted: {ACCEPTED_FORMS}")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.start_field:
            kwargs["start_field"] = self.start_field
        if self.end_field:
            kwargs["end_field"] = self.end_field
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return None
        try:
            return parse_canonical(value)
        except FuzzyDateError:
            # Text written around the model (raw SQL) must not take a page down.
            return None

    def to_python(self, value):
        return to_fuzzy_date(value)

    def get_prep_value(self, value):
        value = self.to_python(value)
        return "" if value is None else str(value)

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": FuzzyDateFormField, **kwargs})

    def run_validators(self, value):
        super().run_validators(None if value is None else str(value))

    def sync_bounds(self, instance) -> None:
        value = self.to_python(getattr(instance, self.attname))
        setattr(instance, self.attname, value)
        if self.start_field:
            setattr(instance, self.start_field, value.earliest if value else None)
        if self.end_field:
            setattr(instance, self.end_field, value.latest if value else None)

    def pre_save(self, model_instance, add):
        self.sync_bounds(model_instance)
        return getattr(model_instance, self.attname)


def sync_fuzzy_bounds(instance) -> None:
    """Fill every fuzzy date's companion columns, for writes that skip `save()`."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, FuzzyDateField):
            field.sync_bounds(instance)
