"""What surrounds the events: the outlook bands, the technical challenges and the home page's
briefings."""

from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from companies.models import Company, NaturalKeyQuerySet, Source

from .events import Event


class Horizon(models.Model):
    """An outlook band: "when can you buy it"."""

    slug = models.SlugField(max_length=100, unique=True)
    label = models.CharField(max_length=50, help_text='Shown as the band\'s name, e.g. "~2027".')
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    headline = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, blank=True, related_name="horizons")

    history = HistoricalRecords(m2m_fields=[sources])
    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["order", "first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__lte=F("last_year")),
                name="horizon_years_in_order",
                violation_error_message="The first year must not be after the last year.",
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.headline}"

    def get_absolute_url(self):
        return f"{reverse('home')}#horizon-{self.slug}"

    def natural_key(self):
        return (self.slug,)


class ChallengeQuerySet(NaturalKeyQuerySet):
    def for_listing(self):
        return self.prefetch_related(
            Prefetch("companies", queryset=Company.objects.published().order_by("name")),
            Prefetch("events", queryset=Event.objects.published().chronological()),
        )

    def for_detail(self):
        """A challenge page: its events with their own companies and sources, and its sources."""
        return self.prefetch_related(
            Prefetch("companies", queryset=Company.objects.published().order_by("name")),
            Prefetch("events", queryset=Event.objects.published().for_listing().chronological()),
            Prefetch("sources", queryset=Source.objects.order_by("pk")),
        )

    def public(self):
        """Every challenge (they have no drafts) with its public links, in reading order."""
        return self.for_detail().order_by("order", "title", "pk")

    def search(self, query: str):
        return self.filter(
            Q(title__icontains=query) | Q(summary__icontains=query) | Q(detail__icontains=query)
        )


class Challenge(models.Model):
    """A technical problem still being solved."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="One or two sentences for the list.")
    detail = models.TextField(blank=True, help_text="Markdown: the points that make it hard.")
    order = models.PositiveSmallIntegerField(default=0)
    companies = models.ManyToManyField(Company, blank=True, related_name="challenges")
    events = models.ManyToManyField(Event, blank=True, related_name="challenges")
    sources = models.ManyToManyField(Source, blank=True, related_name="challenges")

    history = HistoricalRecords(m2m_fields=[companies, events, sources])
    objects = ChallengeQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("timeline:challenge-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Briefing(models.Model):
    """A short editorial text shown on the home page, such as the bottom line."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown.")
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, blank=True, related_name="briefings")

    history = HistoricalRecords(m2m_fields=[sources])
    objects = NaturalKeyQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("home")

    def natural_key(self):
        return (self.slug,)
