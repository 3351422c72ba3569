"""The base every public filter form shares: chips for active filters, readable messages for
bad values, and the same filters applied to rows held in memory.

Filters live in the query string (`/companies/?role=automaker`), so any view can be
bookmarked and shared. A value that does not validate never raises: the page shows the
form's message and an empty result, and every active filter is a chip that removes it.

`PublicFilterSet.filter_rows()` applies a filter set's own definitions (each filter's field
and lookup) to model instances that exist only in memory, such as the rows of a past day
rebuilt from history, so a page filters the same way whichever path its rows take. A filter
with a `method` names its in-memory twin `<method>_in_rows` beside it.
"""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import django_filters
from django import forms

EMPTY_VALUES = (None, "", [], ())


@dataclass(frozen=True)
class Chip:
    """One active filter, shown as "Role: Automaker ×" with a link that drops it.

    `remove_query` is the query string without this filter (and without the page number,
    which would point past the end of a longer list), or "" when nothing remains.
    """

    label: str
    value: str
    remove_query: str


def _icontains(actual, wanted) -> bool:
    return str(wanted).casefold() in str(actual or "").casefold()


# How each lookup a public filter uses reads on a Python value: the ORM's meaning, in memory.
ROW_LOOKUPS: dict[str, Callable[[object, object], bool]] = {
    "exact": operator.eq,
    "icontains": _icontains,
    "gte": operator.ge,
    "lte": operator.le,
    "year__gte": lambda actual, wanted: actual.year >= wanted,
    "year__lte": lambda actual, wanted: actual.year <= wanted,
}


class PublicFilterSet(django_filters.FilterSet):
    """A filter set that can describe its active filters and filter rows held in memory."""

    def active_filters(self) -> dict:
        """The cleaned values of the filters in use (the form must be valid)."""
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in EMPTY_VALUES
        }

    def chips(self) -> list[Chip]:
        if not self.is_bound or not self.form.is_valid():
            return []
        chips = []
        for name, value in self.active_filters().items():
            remaining = self.data.copy()
            remaining.pop(name, None)
            remaining.pop("page", None)
            chips.append(
                Chip(
                    label=self.filters[name].label,
                    value=self._display_value(name, value),
                    remove_query=f"?{remaining.urlencode()}" if remaining else "",
                )
            )
        return chips

    def _display_value(self, name: str, value) -> str:
        field = self.form.fields[name]
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            return str(dict(field.choices).get(value, value))
        return str(value)

    # -- the same filters, in memory

    def filter_rows(self, rows: Iterable) -> list:
        """The rows that every active filter keeps, read from the rows' own attributes."""
        rows = list(rows)
        for name, value in self.active_filters().items():
            keeps = self._row_test(name)
            rows = [row for row in rows if keeps(row, value)]
        return rows

    def _row_test(self, name: str) -> Callable[[object, object], bool]:
        definition = self.filters[name]
        if definition.method:
            return getattr(self, f"{definition.method}_in_rows")
        compare = ROW_LOOKUPS[definition.lookup_expr]
        attribute = definition.field_name

        def keeps(row, wanted) -> bool:
            actual = getattr(row, attribute)
            if hasattr(actual, "all"):  # a many-to-many relation: any related row matches
                return any(compare(item, wanted) for item in actual.all())
            return compare(actual, wanted)

        return keeps


def choice_error(noun: str) -> dict:
    """A message for a query-string value that is not one of the choices."""
    return {"invalid_choice": f"“%(value)s” is not a known {noun}; pick one from the list."}
