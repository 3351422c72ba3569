"""Who: the companies in the race, who works with whom, and the sources behind every claim."""

from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fuzzydate.fields import FuzzyDateField

from .choices import Electrolyte, PartnershipKind, PartnershipStatus, Role, SourceKind
from .rules import PARTNERSHIP_RULES


class NaturalKeyQuerySet(models.QuerySet):
    """Look rows up by the key people use (a slug, a URL), as fixtures and CSV files do."""

    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.NATURAL_KEY, values, strict=True)))


class SourceQuerySet(NaturalKeyQuerySet):
    """Which sources are public depends on what cites them: see `timeline.public`."""

    def search(self, query: str):
        return self.filter(
            Q(title__icontains=query) | Q(publisher__icontains=query) | Q(url__icontains=query)
        )


class Source(models.Model):
    url = models.URLField("URL", max_length=500, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=SourceKind.choices, default=SourceKind.NEWS)
    published_on = FuzzyDateField(
        "published on",
        blank=True,
        start_field="published_start",
        help_text="When the source was published.",
    )
    published_start = models.DateField(null=True, editable=False, db_index=True)
    accessed = models.DateField(null=True, blank=True, help_text="When an editor last read it.")
    archive_url = models.URLField(
        "archive URL", max_length=500, blank=True, help_text="A saved copy, e.g. on archive.org."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    NATURAL_KEY = ("url",)

    class Meta:
        ordering = [F("published_start").desc(nulls_last=True), "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('companies:source-list')}#source-{self.pk}"

    def natural_key(self):
        return (self.url,)

    @property
    def is_primary(self) -> bool:
        """Press releases and filings come from the company itself."""
        return self.kind in {SourceKind.PRESS_RELEASE, SourceKind.FILING}


def public_condition(prefix: str = "") -> Q:
    """The one meaning of *public*, as SQL: published, or scheduled for a moment now past.

    `prefix` reaches through a relation ("companies__"). A scheduled entry goes public at its
    `publish_at` with nobody acting: every public query asks this question at query time, so
    pages, feeds, the calendar and the API agree the moment it passes
    (`sstracker.scheduling` then records it as published, for history and summaries).
    """
    # The database's clock, read when the query runs: a queryset built once (a view's class
    # attribute) still asks afresh each time.
    return Q(**{f"{prefix}published": True}) | Q(**{f"{prefix}publish_at__lte": Now()})


def is_public(entry) -> bool:
    """`public_condition` for one loaded entry."""
    return entry.published or (entry.publish_at is not None and entry.publish_at <= timezone.now())


PUBLISH_AT_HELP = (
    "Scheduled publishing: leave Published unticked and give a time; the entry goes public "
    "then by itself. Empty: published only by ticking Published."
)


class CompanyQuerySet(NaturalKeyQuerySet):
    def published(self):
        return self.filter(public_condition())

    def scheduled(self):
        """Drafts with a publish time still to come."""
        return self.filter(published=False, publish_at__gt=Now())

    def with_sources(self):
        return self.prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("pk")))

    def public(self):
        """Published companies with their sources, in a stable order: the API and downloads."""
        return self.published().with_sources().order_by("name", "pk")

    def for_profile(self):
        """Everything a company page shows about the company itself, fetched once.

        Partnerships in both directions (the company as developer or as partner), each with
        its sources, limited to partnerships whose other company is published too.
        """
        partnerships = Partnership.objects.published().prefetch_related(
            Prefetch("sources", queryset=Source.objects.order_by("pk"))
        )
        return self.with_sources().prefetch_related(
            Prefetch(
                "partnerships_as_developer",
                queryset=partnerships.select_related("partner").order_by("partner__name"),
            ),
            Prefetch(
                "partnerships_as_partner",
                queryset=partnerships.select_related("developer").order_by("developer__name"),
            ),
        )

    def search(self, query: str):
        return self.filter(
            Q(name__icontains=query)
            | Q(summary__icontains=query)
            | Q(technology__icontains=query)
            | Q(country__icontains=query)
        )


class Company(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the page address.")
    role = models.CharField(max_length=20, choices=Role.choices)
    country = models.CharField(max_length=100, blank=True)
    website = models.URLField(max_length=500, blank=True)
    technology = models.CharField(
        "technology approach",
        max_length=300,
        blank=True,
        help_text='Free text, e.g. "lithium-metal anode, ceramic separator".',
    )
    electrolyte = models.CharField(
        "electrolyte family", max_length=20, choices=Electrolyte.choices, blank=True
    )
    summary = models.TextField(blank=True, help_text="One or two sentences for lists.")
    description = models.TextField(
        blank=True, help_text="Markdown. Links and emphasis are kept; scripts are removed."
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="companies")
    published = models.BooleanField(
        default=False, help_text="Drafts are visible only to editors.", db_index=True
    )
    publish_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text=PUBLISH_AT_HELP
    )
    last_verified = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this entry against sources."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[sources])
    objects = CompanyQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:company-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self) -> bool:
        """What readers see now: published, or scheduled for a moment now past."""
        return is_public(self)


class PartnershipQuerySet(NaturalKeyQuerySet):
    def published(self):
        """A partnership shows only when both companies are public."""
        return self.filter(public_condition("developer__")).filter(public_condition("partner__"))

    def for_listing(self):
        return self.select_related("developer", "partner").prefetch_related(
            Prefetch("sources", queryset=Source.objects.order_by("pk"))
        )

    def public(self):
        """Published partnerships with their companies and sources, in a stable order."""
        return (
            self.published()
            .for_listing()
            .order_by("developer__name", "partner__name", "kind", "pk")
        )


class Partnership(models.Model):
    developer = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="partnerships_as_developer",
        help_text="The cell developer.",
    )
    partner = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="partnerships_as_partner"
    )
    kind = models.CharField(max_length=20, choices=PartnershipKind.choices)
    started = FuzzyDateField(blank=True)
    ended = FuzzyDateField(blank=True)
    status = models.CharField(
        max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE
    )
    summary = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="partnerships")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[sources])
    objects = PartnershipQuerySet.as_manager()

    NATURAL_KEY = ("developer__slug", "partner__slug", "kind")

    class Meta:
        ordering = ["developer__name", "partner__name", "kind"]
        constraints = [
            *(rule.constraint() for rule in PARTNERSHIP_RULES),
            models.UniqueConstraint(
                fields=["developer", "partner", "kind"],
                name="partnership_unique_kind",
                violation_error_message="These two companies already have a partnership "
                "of this kind.",
            ),
        ]

    def __str__(self):
        return f"{self.developer} + {self.partner} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return f"{reverse('companies:partnership-list')}#partnership-{self.pk}"

    def natural_key(self):
        return (self.developer.slug, self.partner.slug, self.kind)

    natural_key.dependencies = ["companies.company"]

    @property
    def is_active(self) -> bool:
        return self.status == PartnershipStatus.ACTIVE
