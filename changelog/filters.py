"""Filters for the changelog, `/changes/?company=bmw&kind=target` (see `pagekit.filters`)."""

import django_filters

from companies.filters import company_filter
from pagekit.filters import PublicFilterSet, choice_error

from .models import ChangeKind, ChangelogEntry, EntryKind


class ChangeFilterSet(PublicFilterSet):
    company = company_filter()
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
