"""Public read rules that join companies to the timeline.

The companies app cannot know about events, challenges or outlook bands (the timeline builds
on it, not the reverse), so the queries that need both live here: which sources a public page
cites, the bibliography that lists what cites each, and companies with their count of public
events. Pages, the API and the downloads all start from these.
"""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from companies.models import Company, Partnership, Source, public_condition

from .models import Briefing, Challenge, Event, Horizon


def cited_sources() -> QuerySet[Source]:
    """Sources that back at least one published claim."""
    return Source.objects.filter(
        public_condition("companies__")
        | public_condition("events__")
        | (
            public_condition("partnerships__developer__")
            & public_condition("partnerships__partner__")
        )
        | Q(challenges__isnull=False)
    ).distinct()


def public_sources() -> QuerySet[Source]:
    """Sources a public page cites: `cited_sources()` plus those of outlook bands and briefings,
    newest first. Bands and briefings have no draft state, so their sources are always public.
    The outer query filters on primary keys so that the joins do not multiply rows."""
    public = Source.objects.filter(
        Q(pk__in=cited_sources().values("pk"))
        | Q(horizons__isnull=False)
        | Q(briefings__isnull=False)
    ).values("pk")
    return Source.objects.filter(pk__in=public).order_by(*Source._meta.ordering, "pk")


def bibliography() -> QuerySet[Source]:
    """Public sources with the published entries that cite each one, for the sources page."""
    return public_sources().prefetch_related(
        Prefetch("companies", queryset=Company.objects.published().order_by("name")),
        Prefetch("events", queryset=Event.objects.published().order_by("date_start")),
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.published().select_related("developer", "partner"),
        ),
        Prefetch("challenges", queryset=Challenge.objects.order_by("order", "title")),
        Prefetch("horizons", queryset=Horizon.objects.order_by("order")),
        Prefetch("briefings", queryset=Briefing.objects.order_by("order")),
    )


def companies_with_event_count() -> QuerySet[Company]:
    """Published companies by name, each with `event_count`: its published events."""
    return (
        Company.objects.published()
        .annotate(
            event_count=Count("events", filter=public_condition("events__"), distinct=True),
            newest_source=Subquery(
                Source.objects.filter(companies=OuterRef("pk"), published_start__isnull=False)
                .order_by("-published_start", "pk")
                .values("published_on")[:1]
            ),
        )
        .order_by("name")
    )
