"""Filters for the changelog, `/changes/?company=bmw&kind=target` (see `pagekit.filters`)."""

import django_filters

from companies.models import Company
from pagekit.filters import PublicFilterSet, choice_error

from .models import ChangeKind, ChangelogEntry, EntryKind


class ChangeFilterSet(PublicFilterSet):
    company = django_filters.ModelChoiceFilter(
        field_name="companies",
        to_field_name="slug",
        label="Company",
        queryset=Company.objects.published().order_by("name"),
        empty_label="Any company",
        error_messages={"invalid_choice": "There is no company “%(value)s” on this site."},
    )
    kind = django_filters.ChoiceFilter(
        choices=EntryKind.choices,
        label="Kind of entry",
        empty_label="Any kind of entry",
        error_messages=choice_error("kind of entry"),
    )
    change = django_filters.ChoiceFilter(
        choices=ChangeKind.choices,
        label="Kind of change",
        empty_label="Any change",
        error_messages=choice_error("kind of change"),
    )

    class Meta:
        model = ChangelogEntry
        fields = ["company", "kind", "change"]
