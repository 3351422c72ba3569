"""The read-only JSON API: the public data of the pages, with the pages' filters.

Each list takes the same query string as its page (`/api/events/?company=quantumscape&kind=
target` matches `/timeline/?company=quantumscape&kind=target`), because both use the same
FilterSet; a value the page would refuse is a 400 with the same message. Lists are paged
(see `api.pagination`) and ordered by a unique key. Drafts never appear: every queryset
starts from the published rows, and related rows are filtered the same way.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, routers, serializers, viewsets
from rest_framework.exceptions import ValidationError

from companies.filters import CompanyFilterSet
from companies.models import Company, Partnership
from timeline.filters import EventFilterSet
from timeline.models import Challenge, Event, PromiseSummary
from timeline.public import public_sources
from timeline.slip_report import attach_promises, slip_report
from timeline.slips import Outcome, Scorecard

from .pagination import StablePageNumberPagination
from .serializers import (
    ChallengeSerializer,
    CompanyDetailSerializer,
    CompanyScorecardSerializer,
    CompanySerializer,
    EventDetailSerializer,
    EventSerializer,
    PartnershipSerializer,
    PromiseSerializer,
    SourceSerializer,
)


class ApiRootView(routers.APIRootView):
    """The list of endpoints at /api/."""


class PublicReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A paged list and a detail view over a queryset of public rows."""

    pagination_class = StablePageNumberPagination


class CompanyDetailMixin:
    """The detail view of a company uses its own serializer, with the scorecard."""

    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve":
            return self.detail_serializer_class
        return super().get_serializer_class()


@extend_schema_view(
    list=extend_schema(summary="Published companies", description="Filters as on /companies/."),
    retrieve=extend_schema(summary="One company, with its scorecard"),
)
class CompanyViewSet(CompanyDetailMixin, PublicReadOnlyViewSet):
    queryset = Company.objects.public()
    serializer_class = CompanySerializer
    detail_serializer_class = CompanyDetailSerializer
    filterset_class = CompanyFilterSet
    lookup_field = "slug"


@extend_schema_view(
    list=extend_schema(
        summary="Published milestones and targets", description="Filters as on /timeline/."
    ),
    retrieve=extend_schema(summary="One event, with its target chain and slip"),
)
class EventViewSet(PublicReadOnlyViewSet):
    """Lists hold live events only, each target with its earlier dates; a replaced target
    keeps its own address, whose detail names what replaced it."""

    queryset = Event.objects.public()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        if self.action == "retrieve":
            return Event.objects.published().for_listing()
        return super().get_queryset()

    def get_serializer_class(self):
        return EventDetailSerializer if self.action == "retrieve" else EventSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_promises(page, today=timezone.localdate())
        return page

    def get_object(self):
        event = super().get_object()
        # Only the chains this event belongs to: enough for its slip and earlier dates.
        linked = Event.objects.published().linked_to([event])
        self.slips = slip_report(linked, today=timezone.localdate())
        event.promise = self.slips.for_target(event) if event.is_target else None
        return event

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["slips"] = self.slips
        return context


@extend_schema_view(
    list=extend_schema(summary="Partnerships between published companies"),
    retrieve=extend_schema(summary="One partnership"),
)
class PartnershipViewSet(PublicReadOnlyViewSet):
    queryset = Partnership.objects.public()
    serializer_class = PartnershipSerializer


@extend_schema_view(
    list=extend_schema(summary="The technical challenges"),
    retrieve=extend_schema(summary="One challenge"),
)
class ChallengeViewSet(PublicReadOnlyViewSet):
    queryset = Challenge.objects.public()
    serializer_class = ChallengeSerializer
    lookup_field = "slug"


@extend_schema_view(
    list=extend_schema(summary="Sources cited by public entries"),
    retrieve=extend_schema(summary="One source"),
)
class SourceViewSet(PublicReadOnlyViewSet):
    queryset = public_sources()
    serializer_class = SourceSerializer


class CompanyQuerySerializer(serializers.Serializer):
    """`?company=<slug>`, checked like a form field."""

    company = serializers.SlugField(required=False, help_text="A company slug.")

    def validate_company(self, slug):
        company = Company.objects.published().filter(slug=slug).first()
        if company is None:
            raise serializers.ValidationError(f"There is no company “{slug}” on this site.")
        return company


class SlipQuerySerializer(CompanyQuerySerializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    moved = serializers.BooleanField(
        required=False, default=False, help_text="Only promises whose date moved or slipped."
    )


class SummaryListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A paged list read from the kept promise summaries (`timeline.models.PromiseSummary`).

    Subclasses name the serializer that checks their query string and turn the checked
    values into a queryset in `rows()`.
    """

    filter_backends = []
    pagination_class = StablePageNumberPagination
    query_serializer_class = CompanyQuerySerializer

    def get_queryset(self):
        # Only the schema generator asks; the list itself is built in `list()`.
        return PromiseSummary.objects.none()

    def list(self, request, *args, **kwargs):
        query = self.query_serializer_class(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        page = self.paginate_queryset(self.rows(timezone.localdate(), **query.validated_data))
        return self.get_paginated_response(self.get_serializer(self.shown(page), many=True).data)

    def rows(self, today, **query):
        raise NotImplementedError

    def shown(self, page):
        """What the serializer receives for one page of `rows()`."""
        return page


@extend_schema_view(
    list=extend_schema(
        summary="Target chains and their slips, largest slip first",
        description="One entry per chain of targets linked by `supersedes`, with the dates "
        "its company restated (see “How we score” on /timeline/slips/). `?moved=true` keeps "
        "the chains listed on that page.",
        parameters=[SlipQuerySerializer],
    )
)
class SlipViewSet(SummaryListViewSet):
    serializer_class = PromiseSerializer
    query_serializer_class = SlipQuerySerializer

    def rows(self, today, *, company=None, outcome=None, moved=False):
        summaries = PromiseSummary.objects.for_listing()
        if moved:
            summaries = summaries.moved(today)
        else:
            summaries = summaries.with_slip_order(today).order_by(
                "-slip_order", "first_end", "first_id"
            )
        if company is not None:
            summaries = summaries.filter(chain_companies=company)
        if outcome:
            summaries = summaries.filter(outcome=outcome)
        return summaries


@extend_schema_view(
    list=extend_schema(
        summary="Company scorecards: how each company's targets turned out",
        description="Companies with at least one public target, by name, as on "
        "/companies/scorecards/.",
        parameters=[CompanyQuerySerializer],
    )
)
class ScorecardViewSet(SummaryListViewSet):
    serializer_class = CompanyScorecardSerializer

    def rows(self, today, *, company=None):
        companies = (
            Company.objects.published()
            .filter(promise_summaries__isnull=False)
            .distinct()
            .order_by("name", "pk")
            .prefetch_related("promise_summaries")
        )
        if company is not None:
            companies = companies.filter(pk=company.pk)
        return companies

    def shown(self, page):
        return [
            {"company": company, "scorecard": Scorecard.of(company.promise_summaries.all())}
            for company in page
        ]
