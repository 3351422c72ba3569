"""Filters for the public company directory, and the base every public filter form shares.

Filters live in the query string (`/companies/?role=automaker`), so any view can be
bookmarked and shared. A value that does not validate never raises: the page shows the
form's message and an empty result, and every active filter is a chip that removes it.
"""

from dataclasses import dataclass

import django_filters
from django import forms

from .models import Company, Electrolyte, Role


@dataclass(frozen=True)
class Chip:
    """One active filter, shown as "Role: Automaker ×" with a link that drops it.

    `remove_query` is the query string without this filter (and without the page number,
    which would point past the end of a longer list), or "" when nothing remains.
    """

    label: str
    value: str
    remove_query: str


class PublicFilterSet(django_filters.FilterSet):
    """A filter set that can describe its active filters for the page."""

    def chips(self) -> list[Chip]:
        if not self.is_bound or not self.form.is_valid():
            return []
        chips = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], ()):
                continue
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


def choice_error(noun: str) -> dict:
    """A message for a query-string value that is not one of the choices."""
    return {"invalid_choice": f"“%(value)s” is not a known {noun}; pick one from the list."}


def published_countries():
    countries = Company.objects.published().exclude(country="").values_list("country", flat=True)
    return [(country, country) for country in sorted(set(countries), key=str.casefold)]


class CompanyFilterSet(PublicFilterSet):
    role = django_filters.ChoiceFilter(
        choices=Role.choices, empty_label="Any role", error_messages=choice_error("role")
    )
    electrolyte = django_filters.ChoiceFilter(
        choices=Electrolyte.choices,
        empty_label="Any electrolyte",
        error_messages=choice_error("electrolyte family"),
    )
    country = django_filters.ChoiceFilter(
        choices=published_countries,
        empty_label="Any country",
        error_messages=choice_error("country"),
    )

    class Meta:
        model = Company
        fields = ["role", "electrolyte", "country"]
