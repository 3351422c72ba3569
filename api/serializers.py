"""How the public data looks in JSON: the same fields as the pages and the CSV files.

Conventions: choices are their stored values (`"cell_developer"`); fuzzy dates are their
canonical text (`"~2027"`) with the earliest and latest day they can mean beside them;
`page_url` is the public page, `api_url` this API's address of the entry. Related entries
appear as short references, and only when they are public.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.models import Company, Partnership, Source
from timeline.models import Challenge, Event
from timeline.slips import Outcome, Scorecard


@extend_schema_field({"type": "string", "nullable": True, "example": "~2027"})
class FuzzyDateField(serializers.Field):
    """A fuzzy date as its canonical text ("mid-2024"), or null."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value)

    def get_attribute(self, instance):
        # Let an empty date through as None instead of skipping the field.
        return super().get_attribute(instance) or None


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute address of the entry's public page."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        url = value.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class SourceReferenceSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")

    class Meta:
        model = Source
        fields = ["id", "url", "title", "api_url"]


class CompanyReferenceSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:company-detail", lookup_field="slug"
    )

    class Meta:
        model = Company
        fields = ["slug", "name", "api_url"]


class EventReferenceSerializer(serializers.ModelSerializer):
    date = FuzzyDateField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )

    class Meta:
        model = Event
        fields = ["slug", "title", "date", "api_url"]


class SourceSerializer(serializers.ModelSerializer):
    published = FuzzyDateField(source="published_on", help_text="When it was published.")
    page_url = PageUrlField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "kind",
            "published",
            "accessed",
            "archive_url",
            "page_url",
            "api_url",
        ]


class ScorecardSerializer(serializers.Serializer):
    """How a company's public promises turned out (see "How we score" on the site)."""

    early = serializers.IntegerField(help_text="Met before the first promised period.")
    on_time = serializers.IntegerField(help_text="Met within the first promised period.")
    late = serializers.IntegerField(help_text="Met after the first promised period.")
    met_undated = serializers.IntegerField(help_text="Marked achieved with no milestone dated.")
    open = serializers.IntegerField(help_text="Neither met nor cancelled yet.")
    overdue = serializers.IntegerField(help_text="Open, and the current date has passed.")
    abandoned = serializers.IntegerField(help_text="Cancelled with no replacement.")
    moved = serializers.IntegerField(help_text="Promises whose date was re-announced.")
    total = serializers.IntegerField()
    median_slip = serializers.FloatField(
        allow_null=True,
        help_text="Median slip in months over met promises and open ones that moved or are "
        "overdue; null when there is none.",
    )


class CompanySerializer(serializers.ModelSerializer):
    sources = SourceReferenceSerializer(many=True, read_only=True)
    page_url = PageUrlField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:company-detail", lookup_field="slug"
    )

    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "role",
            "country",
            "website",
            "technology",
            "electrolyte",
            "summary",
            "description",
            "sources",
            "last_verified",
            "updated",
            "page_url",
            "api_url",
        ]


class CompanyDetailSerializer(CompanySerializer):
    scorecard = serializers.SerializerMethodField()

    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "scorecard"]

    @extend_schema_field(ScorecardSerializer)
    def get_scorecard(self, company):
        return ScorecardSerializer(Scorecard.of(company.promise_summaries.all())).data


class PartnershipSerializer(serializers.ModelSerializer):
    developer = CompanyReferenceSerializer(read_only=True)
    partner = CompanyReferenceSerializer(read_only=True)
    started = FuzzyDateField()
    ended = FuzzyDateField()
    sources = SourceReferenceSerializer(many=True, read_only=True)
    page_url = PageUrlField()
    api_url = serializers.HyperlinkedIdentityField(view_name="api:partnership-detail")

    class Meta:
        model = Partnership
        fields = [
            "id",
            "developer",
            "partner",
            "kind",
            "started",
            "ended",
            "status",
            "summary",
            "sources",
            "page_url",
            "api_url",
        ]


class TargetStepSerializer(serializers.Serializer):
    """One date a promise stood at: a target's own date, or one its company restated."""

    slug = serializers.CharField(source="target.slug", help_text="The target it belongs to.")
    title = serializers.CharField(source="target.title")
    date = FuzzyDateField()
    stage = serializers.CharField()
    announced = FuzzyDateField()
    status = serializers.CharField(source="target.status")
    moved_months = serializers.IntegerField(
        allow_null=True, help_text="Months the date moved from the previous date."
    )
    how = serializers.CharField(
        help_text='"restated" (the company moved it), "replaced" (by a later target) or "" '
        "for the live date."
    )
    replaced = FuzzyDateField(help_text="When the next date was announced.")
    source = serializers.SerializerMethodField(help_text="The source that reports the move.")
    api_url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_source(self, step):
        return step.source.url if step.source is not None else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, step):
        return _api_url(self.context, "api:event-detail", step.target.slug)


class EventSerializer(serializers.ModelSerializer):
    companies = CompanyReferenceSerializer(many=True, read_only=True)
    date = FuzzyDateField()
    date_earliest = serializers.DateField(source="date_start", read_only=True)
    date_latest = serializers.DateField(source="date_end", read_only=True)
    announced = FuzzyDateField()
    supersedes = serializers.SerializerMethodField()
    fulfils = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    earlier_dates = serializers.SerializerMethodField()
    sources = SourceReferenceSerializer(many=True, read_only=True)
    page_url = PageUrlField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:event-detail", lookup_field="slug"
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "companies",
            "date",
            "date_earliest",
            "date_latest",
            "kind",
            "stage",
            "chemistry",
            "status",
            "announced",
            "supersedes",
            "fulfils",
            "overdue",
            "earlier_dates",
            "summary",
            "sources",
            "last_verified",
            "updated",
            "page_url",
            "api_url",
        ]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_supersedes(self, event):
        """Slug of the earlier target this one replaces, when that target is public."""
        return _public_slug(event.supersedes)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_fulfils(self, event):
        """Slug of the target this milestone delivered, when that target is public."""
        return _public_slug(event.fulfils)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, event) -> bool:
        """True for an open target whose latest possible day has passed."""
        promise = getattr(event, "promise", None)
        return bool(promise and promise.current.pk == event.pk and promise.is_overdue)

    @extend_schema_field(TargetStepSerializer(many=True))
    def get_earlier_dates(self, event):
        """A target's earlier dates, newest first: restated by the company, or replaced."""
        promise = getattr(event, "promise", None)
        if promise is None or promise.current.pk != event.pk:
            return []
        return TargetStepSerializer(promise.earlier_steps, many=True, context=self.context).data


def _public_slug(event: Event | None) -> str | None:
    return event.slug if event is not None and event.is_public else None


class PromiseSerializer(serializers.Serializer):
    """A chain of targets, oldest first, and what became of it."""

    companies = CompanyReferenceSerializer(many=True, read_only=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    label = serializers.CharField(help_text='In words: "late by 15 months".')
    slip_months = serializers.IntegerField(
        allow_null=True,
        help_text="Months late (negative: early) against the first target; null if unknown.",
    )
    slip_is_lower_bound = serializers.BooleanField(
        source="is_overdue", help_text="True for an overdue open target: the slip is at least this."
    )
    moved_months = serializers.IntegerField(
        help_text="Months from the first target's latest day to the current target's."
    )
    history = serializers.CharField(
        source="history_text",
        help_text='"announced Apr 2024 for 2025 → announced Dec 2024 for 2027"',
    )
    moves = serializers.IntegerField(help_text="How many times the date was moved.")
    targets = TargetStepSerializer(
        source="dated_steps",
        many=True,
        help_text="Every date the promise stood at, oldest first.",
    )
    milestone = EventReferenceSerializer(allow_null=True)


class EventDetailSerializer(EventSerializer):
    slip = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "replaced_by", "slip"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_replaced_by(self, event):
        """Slug of the public target that replaced this one: then this date is not live."""
        later = event.superseded_by.published().order_by("pk").first() if event.is_target else None
        return later.slug if later else None

    @extend_schema_field(PromiseSerializer(allow_null=True))
    def get_slip(self, event):
        """The promise this target belongs to, or that this milestone fulfilled."""
        report = self.context["slips"]
        if event.is_target:
            promise = report.for_target(event)
        else:
            promise = next((p for p in report.promises if p.milestone == event), None)
        return PromiseSerializer(promise, context=self.context).data if promise else None


class ChallengeSerializer(serializers.ModelSerializer):
    companies = CompanyReferenceSerializer(many=True, read_only=True)
    events = EventReferenceSerializer(many=True, read_only=True)
    sources = SourceReferenceSerializer(many=True, read_only=True)
    page_url = PageUrlField()
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:challenge-detail", lookup_field="slug"
    )

    class Meta:
        model = Challenge
        fields = [
            "slug",
            "title",
            "summary",
            "detail",
            "order",
            "companies",
            "events",
            "sources",
            "page_url",
            "api_url",
        ]


class CompanyScorecardSerializer(serializers.Serializer):
    company = CompanyReferenceSerializer()
    scorecard = ScorecardSerializer()


def _api_url(context, view_name: str, slug: str) -> str:
    url = reverse(view_name, kwargs={"slug": slug})
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
