"""Filters for the company directory, `/companies/?role=automaker` (see `pagekit.filters`)."""

import django_filters

from pagekit.filters import PublicFilterSet, choice_error

from .models import Company, Electrolyte, Role


def company_filter(field_name: str = "companies") -> django_filters.ModelChoiceFilter:
    """Filter by one published company, named by its slug: the same select on every list."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        to_field_name="slug",
        label="Company",
        queryset=Company.objects.published().order_by("name"),
        empty_label="Any company",
        error_messages={"invalid_choice": "There is no company “%(value)s” on this site."},
    )


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
