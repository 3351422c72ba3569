"""The cells of a CSV file: how each column reads its text and writes it back.

A `Column` names a CSV column, the model attribute it fills and the widget that reads its
cells. Widgets only turn cell text into Python values and back. They never touch the
database: references (a company slug, a source URL) come out as keys, and the import
resolves all of them for a whole file in a few queries.

Every cell written for a spreadsheet is escaped so it cannot run as a formula, and every
cell read is unescaped the same way, so an exported file imports back unchanged.
"""

import datetime

from django.db import models
from import_export import fields, widgets

from fuzzydate.core import FuzzyDateError
from fuzzydate.fields import parse_canonical

LIST_SEPARATOR = ";"

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(text: str) -> str:
    """Prefix a quote so a spreadsheet shows the text instead of running it.

    Text that already starts with quotes before a formula character gets one more, so that
    `unescape_formula` gives back exactly what was stored.
    """
    if text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Remove the one quote `escape_formula` added; other text is kept as typed."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


class TextWidget(widgets.Widget):
    """Plain text; surrounding spaces from the spreadsheet are dropped."""

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice given as its stored value or its label, in any case ("R&D" or "research")."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        self._lookup = {}
        for value, label in self.choices:
            self._lookup[str(value).casefold()] = value
            self._lookup[str(label).casefold()] = value
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return ""
        try:
            return self._lookup[text.casefold()]
        except KeyError:
            accepted = ", ".join(f"{value} ({label})" for value, label in self.choices)
            raise ValueError(f"Unknown choice. Accepted: {accepted}.") from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class YesNoWidget(widgets.Widget):
    """A flag written yes/no; true/false and 1/0 are read too. An empty cell means no."""

    TRUE = {"yes", "y", "true", "1"}
    FALSE = {"no", "n", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError("Write yes or no (true/false and 1/0 are accepted too).")

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class DayWidget(widgets.Widget):
    """An exact day, written as the ISO date 2025-03-31."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError("Write the day as YYYY-MM-DD, e.g. 2025-03-31.") from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class FuzzyDateWidget(widgets.Widget):
    """A fuzzy date as editors type it ("mid-2024", "Q3 2026", "~2027"), written canonically."""

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip()
        if not text:
            return None
        try:
            return parse_canonical(text)  # cached: a file repeats the same few dates
        except FuzzyDateError as error:
            raise ValueError(str(error)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ReferenceWidget(widgets.Widget):
    """Another entry named by its key (a company slug, an event slug); read as the key text."""

    def __init__(self, model, field, **kwargs):
        self.model = model
        self.field = field
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return (value or "").strip() or None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, models.Model):
            return str(getattr(value, self.field))
        return str(value)


class ReferenceListWidget(ReferenceWidget):
    """Several entries named by their keys, separated by `;`; read as a tuple of keys.

    The order in the cell does not matter: a list is written sorted, so the same set of
    entries always gives the same text.
    """

    def clean(self, value, row=None, **kwargs):
        keys = (key.strip() for key in (value or "").split(LIST_SEPARATOR))
        return tuple(dict.fromkeys(key for key in keys if key))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, models.Manager):
            value = value.all()
        keys = (super(ReferenceListWidget, self).render(item) for item in value)
        return LIST_SEPARATOR.join(sorted(keys))


class Column(fields.Field):
    """One CSV column: its name, the model attribute it fills, how its cells read.

    `required` columns must be in the header; `example` is the cell shown in the
    downloadable template; `help_text` is what the README says about the column. A column
    that is not `stored` says how to write the row (whether a new date is a correction or
    a restatement) rather than holding a value of the entry: it is read, never exported.
    """

    def __init__(
        self,
        name,
        *,
        widget,
        attribute=None,
        required=False,
        example="",
        help_text="",
        stored=True,
    ):
        super().__init__(attribute=attribute or name, column_name=name, widget=widget)
        self.required = required
        self.example = example
        self.help_text = help_text
        self.stored = stored

    def export(self, instance, **kwargs):
        return super().export(instance, **kwargs) if self.stored else ""

    @property
    def is_reference(self) -> bool:
        return isinstance(self.widget, ReferenceWidget) and not self.is_reference_list

    @property
    def is_reference_list(self) -> bool:
        return isinstance(self.widget, ReferenceListWidget)

    @property
    def repeats(self) -> bool:
        """Whether the column's values come from a small set that many rows repeat (choices,
        references, dates, flags), unlike free text."""
        return not isinstance(self.widget, TextWidget)

    @property
    def key_lookup(self) -> str:
        """The ORM path to this column's text, e.g. "developer__slug"."""
        if isinstance(self.widget, ReferenceWidget):
            return f"{self.attribute}__{self.widget.field}"
        return self.attribute


def choice_column(name, choices, **kwargs):
    return Column(name, widget=ChoiceWidget(choices), **kwargs)
