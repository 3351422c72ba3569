"""Filters for the timeline cheat sheet (`/timeline/?company=quantumscape&kind=target`) and
for the ladder (`/ladder/?chemistry=semi_solid&role=automaker`).

Every filter combines with the others. The year range says what it means: by default it keeps
events whose whole date falls inside it, so "~2027" is in 2027 to 2027 but "late 2020s" (2027
to 2029) is not; with `match=overlap` it keeps every event whose date overlaps the years, so
"late 2020s" is in 2027 to 2027 and in 2029 to 2030 alike.

A select offers only the values at least one public event has, each with its count; a value
that matches nothing is still accepted in an address (it gives an empty list), never an error.
"""

from functools import cached_property

import django_filters
from django import forms
from django.db import models
from django.db.models import Count, Q

from companies.filters import company_filter
from companies.models import Role
from fuzzydate.core import MAX_YEAR, MIN_YEAR
from pagecache import remembered
from pagekit.filters import PublicFilterSet, choice_error

from .choices import BOTH
from .models import Chemistry, Event, EventKind, Stage, Standing, TargetStatus


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


class YearMatch(models.TextChoices):
    OVERLAP = "overlap", "Overlapping the years"


WHOLLY_INSIDE = "Wholly inside the years"
COUNTED_CHOICES = {
    "kind": EventKind,
    "stage": Stage,
    "chemistry": Chemistry,
    "status": TargetStatus,
}


class EventFilterSet(PublicFilterSet):
    q = django_filters.CharFilter(method="search_text", label="Contains text", max_length=100)
    company = company_filter()
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
    year_from = YearFilter(method="from_year", label="From year")
    year_to = YearFilter(method="to_year", label="To year")
    match = django_filters.ChoiceFilter(
        choices=YearMatch.choices,
        method="years_match",
        empty_label=WHOLLY_INSIDE,
        label="Dates",
        error_messages=choice_error("way to match years"),
    )

    class Meta:
        model = Event
        fields = [
            "q",
            "company",
            "kind",
            "stage",
            "chemistry",
            "status",
            "year_from",
            "year_to",
            "match",
        ]
        form = EventFilterForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("company", *COUNTED_CHOICES):
            self.form.fields[name].offered = lambda name=name: self.offered_choices(name)

    # -- the years, wholly inside or overlapping

    def _overlap(self) -> bool:
        return self.form.cleaned_data.get("match") == YearMatch.OVERLAP

    def years_match(self, queryset, name, value):
        return queryset  # read by the year filters

    def years_match_in_rows(self, event, value) -> bool:
        return True

    def from_year(self, queryset, name, value):
        field = "date_end" if self._overlap() else "date_start"
        return queryset.filter(**{f"{field}__year__gte": value})

    def from_year_in_rows(self, event, value) -> bool:
        return (event.date_end if self._overlap() else event.date_start).year >= value

    def to_year(self, queryset, name, value):
        field = "date_start" if self._overlap() else "date_end"
        return queryset.filter(**{f"{field}__year__lte": value})

    def to_year_in_rows(self, event, value) -> bool:
        return (event.date_start if self._overlap() else event.date_end).year <= value

    # -- what the selects offer

    @cached_property
    def _counts(self) -> dict[str, dict[str, int]]:
        """Public events per value of each counted choice, in one query per content version."""
        return remembered("event-choice-counts", self._count_choices)

    @staticmethod
    def _count_choices() -> dict[str, dict[str, int]]:
        totals = (
            Event.objects.public()
            .order_by()
            .aggregate(
                **{
                    f"{name}:{value}": Count("pk", filter=Q(**{name: value}))
                    for name, choices in COUNTED_CHOICES.items()
                    for value in choices.values
                }
            )
        )
        counts = {name: {} for name in COUNTED_CHOICES}
        for key, total in totals.items():
            name, value = key.split(":")
            counts[name][value] = total
        return counts

    def _current(self, name: str) -> str:
        return str(self.data.get(name, "")) if self.is_bound else ""

    def offered_choices(self, name: str) -> list[tuple[str, str]]:
        """The select's options: the empty choice, then values with public events (with their
        count), keeping the value asked for even when it matches nothing."""
        if name == "company":
            return self._offered_companies()
        counts, current = self._counts[name], self._current(name)
        offered = []
        for value, label in self.form.fields[name].choices:
            if value == "":
                offered.append((value, label))
            elif counts.get(value) or value == current:
                offered.append((value, f"{label} ({counts.get(value, 0)})"))
        return offered

    def _offered_companies(self) -> list[tuple[str, str]]:
        """Published companies with public events, by name, in one query per content version."""
        events = Event.objects.public().order_by().values("pk")
        companies = remembered(
            "event-company-counts",
            lambda: list(
                self.filters["company"]
                .queryset.annotate(public_events=Count("events", filter=Q(events__in=events)))
                .values_list("slug", "name", "public_events")
            ),
        )
        current = self._current("company")
        return [("", self.filters["company"].extra["empty_label"])] + [
            (slug, f"{name} ({count})")
            for slug, name, count in companies
            if count or slug == current
        ]

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


class LadderChemistry(models.TextChoices):
    ALL_SOLID = Chemistry.ALL_SOLID.value, "All solid-state"
    SEMI_SOLID = Chemistry.SEMI_SOLID.value, "Semi-solid"


class LadderFilterSet(PublicFilterSet):
    """The ladder's filters, over the companies' standings."""

    chemistry = django_filters.ChoiceFilter(
        choices=LadderChemistry.choices,
        method="by_chemistry",
        empty_label="Semi-solid and all solid-state",
        label="Chemistry",
        error_messages=choice_error("chemistry"),
    )
    role = django_filters.ChoiceFilter(
        field_name="company__role",
        choices=Role.choices,
        empty_label="Any role",
        error_messages=choice_error("role"),
    )

    class Meta:
        model = Standing
        fields = ["chemistry", "role"]

    def by_chemistry(self, queryset, name, value):
        return queryset.filter(chemistry__in=[value, BOTH])
