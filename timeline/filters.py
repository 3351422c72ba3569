"""Filters for the timeline cheat sheet: `/timeline/?company=quantumscape&kind=target`.

Every filter combines with the others. The year range keeps events whose whole date falls
inside it, so "~2027" is in 2027 to 2027 but "late 2020s" (2027 to 2029) is not: a reader
asking for 2027 gets what was dated 2027, not everything that might happen then.
"""

import django_filters
from django import forms

from companies.models import Company
from fuzzydate.core import MAX_YEAR, MIN_YEAR
from pagekit.filters import PublicFilterSet, choice_error

from .models import Chemistry, Event, EventKind, Stage, TargetStatus


class YearFilter(django_filters.NumberFilter):
    """A whole year within the range fuzzy dates accept; anything else is a form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Enter a year as four digits, such as 2027.",
                "min_value": f"Enter a year from {MIN_YEAR} to {MAX_YEAR}.",
                "max_value": f"Enter a year from {MIN_YEAR} to {MAX_YEAR}.",
            },
        )
        super().__init__(*args, **kwargs)


class EventFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("year_from"), cleaned_data.get("year_to")
        if first is not None and last is not None and first > last:
            raise forms.ValidationError(f"The year range runs backwards: {first} is after {last}.")
        return cleaned_data


class EventFilterSet(PublicFilterSet):
    q = django_filters.CharFilter(method="search_text", label="Contains text", max_length=100)
    company = django_filters.ModelChoiceFilter(
        field_name="companies",
        to_field_name="slug",
        label="Company",
        queryset=Company.objects.published().order_by("name"),
        empty_label="Any company",
        error_messages={"invalid_choice": "There is no company “%(value)s” on this site."},
    )
    kind = django_filters.ChoiceFilter(
        choices=EventKind.choices,
        empty_label="Milestones and targets",
        error_messages=choice_error("kind of event"),
    )
    stage = django_filters.ChoiceFilter(
        choices=Stage.choices, empty_label="Any stage", error_messages=choice_error("stage")
    )
    chemistry = django_filters.ChoiceFilter(
        choices=Chemistry.choices,
        empty_label="Any chemistry",
        error_messages=choice_error("chemistry"),
    )
    status = django_filters.ChoiceFilter(
        choices=TargetStatus.choices,
        empty_label="Any status",
        label="Target status",
        error_messages=choice_error("target status"),
    )
    year_from = YearFilter(field_name="date_start", lookup_expr="year__gte", label="From year")
    year_to = YearFilter(field_name="date_end", lookup_expr="year__lte", label="To year")

    class Meta:
        model = Event
        fields = ["q", "company", "kind", "stage", "chemistry", "status", "year_from", "year_to"]
        form = EventFilterForm

    def search_text(self, queryset, name, value):
        return queryset.search(value)

    def search_text_in_rows(self, event, value) -> bool:
        """`search_text` for an event held in memory: the same fields, the same casefold."""
        text = value.casefold()
        return (
            text in event.title.casefold()
            or text in event.summary.casefold()
            or any(text in company.name.casefold() for company in event.companies.all())
        )
