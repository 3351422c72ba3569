"""What and when: dated milestones and targets, the outlook bands, and the technical challenges."""

from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from companies.models import Company, NaturalKeyQuerySet, Source
from fuzzydate.fields import FuzzyDateField


class EventKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    TARGET = "target", "Target"


class Stage(models.TextChoices):
    RESEARCH = "research", "R&D"
    A_SAMPLE = "a_sample", "A-sample"
    B_SAMPLE = "b_sample", "B-sample"
    C_SAMPLE = "c_sample", "C-sample"
    VALIDATION = "validation", "Validation"
    ROAD_TEST = "road_test", "Road test"
    DEMO_FLEET = "demo_fleet", "Demo fleet"
    PILOT_LINE = "pilot_line", "Pilot line"
    SMALL_BATCH = "small_batch", "Small-batch production"
    MASS_PRODUCTION = "mass_production", "Mass production"
    CUSTOMER_DEPLOYMENT = "customer_deployment", "Customer deployment"
    AGREEMENT = "agreement", "Partnership / agreement"


class Chemistry(models.TextChoices):
    ALL_SOLID = "all_solid", "All solid-state"
    SEMI_SOLID = "semi_solid", "Semi-solid"
    UNDISCLOSED = "undisclosed", "Undisclosed"


class TargetStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    ACHIEVED = "achieved", "Achieved"
    DELAYED = "delayed", "Delayed"
    CANCELLED = "cancelled", "Cancelled"


class EventQuerySet(NaturalKeyQuerySet):
    def published(self):
        return self.filter(published=True)

    def milestones(self):
        return self.filter(kind=EventKind.MILESTONE)

    def targets(self):
        return self.filter(kind=EventKind.TARGET)

    def chronological(self):
        return self.order_by("date_start", "date_end", "title")

    def for_listing(self):
        """Published related rows, fetched once for a whole page of events."""
        return self.select_related("supersedes", "fulfils").prefetch_related(
            Prefetch("companies", queryset=Company.objects.published().order_by("name")),
            Prefetch("sources", queryset=Source.objects.order_by("pk")),
        )

    def upcoming(self, today):
        """Events that may still lie ahead: their latest possible day is today or later."""
        return self.filter(date_end__gte=today)

    def search(self, query: str):
        return self.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | Q(companies__name__icontains=query, companies__published=True)
        ).distinct()

    def target_chains(self) -> dict[int, list["Event"]]:
        """Each target of this queryset with its chain of supersedes links, oldest first.

        One query whatever the number of targets. Links that leave the queryset are cut, so
        `published().target_chains()` never shows a draft in a "2025 → 2027" history. A
        target that belongs to no chain maps to a list of itself alone.
        """
        targets = {event.pk: event for event in self.targets().order_by("date_start", "pk")}
        successor = {}
        for event in targets.values():
            if event.supersedes_id in targets:
                successor.setdefault(event.supersedes_id, event)
        chains = {}
        for pk in targets:
            first, seen = targets[pk], {pk}
            while first.supersedes_id in targets and first.supersedes_id not in seen:
                first = targets[first.supersedes_id]
                seen.add(first.pk)
            chain, seen = [first], {first.pk}
            while (following := successor.get(chain[-1].pk)) and following.pk not in seen:
                chain.append(following)
                seen.add(following.pk)
            chains[pk] = chain
        return chains

    def slip_report(self, *, today):
        """How the targets among these events moved and were met: a `timeline.slips.SlipReport`.

        Three queries whatever the number of events. Pages of the companies app reach it
        through `company.events.model.objects`, as they reach the rest of the timeline,
        because that app must not import this one.
        """
        from .slips import SlipReport  # slips builds on these models: import it on use

        events = self.filter(Q(kind=EventKind.TARGET) | Q(fulfils__isnull=False)).prefetch_related(
            Prefetch("companies", queryset=Company.objects.published().order_by("name")),
            Prefetch("sources", queryset=Source.objects.order_by("pk")),
        )
        return SlipReport.build(events, today=today)

    def linked_to(self, events):
        """These rows restricted to `events` and every event chained to them, transitively,
        by `supersedes` or `fulfils`: enough to compute their slips without reading all targets.

        One query per step along the longest chain, whatever the number of events.
        """
        found = {event.pk for event in events}
        frontier = set(found)
        while frontier:
            rows = Event.objects.filter(
                Q(pk__in=frontier) | Q(supersedes__in=frontier) | Q(fulfils__in=frontier)
            ).values_list("pk", "supersedes_id", "fulfils_id")
            linked = {pk for row in rows for pk in row if pk is not None}
            frontier = linked - found
            found |= linked
        return self.filter(pk__in=found)

    def snapshot(self, text: str, *, today):
        """The tracker as published on the day `text` names (YYYY-MM-DD): see `timeline.as_of`.

        Raises ValueError with a message for readers when that day cannot be shown.
        """
        from .as_of import snapshot_for  # as_of builds on these models: import it on use

        return snapshot_for(text, today=today)


class Event(models.Model):
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the page address.")
    title = models.CharField(max_length=300)
    companies = models.ManyToManyField(
        Company, related_name="events", help_text="Every company the event is about."
    )
    date = FuzzyDateField(
        start_field="date_start",
        end_field="date_end",
        help_text="When it happened or is planned, as precise as the source: "
        '"Oct 2024", "mid-2024", "~2027".',
    )
    date_start = models.DateField(editable=False, db_index=True)
    date_end = models.DateField(editable=False, db_index=True)
    kind = models.CharField(
        max_length=10,
        choices=EventKind.choices,
        help_text="A milestone happened; a target is a public plan for a future date.",
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    chemistry = models.CharField(
        max_length=20, choices=Chemistry.choices, default=Chemistry.UNDISCLOSED
    )
    status = models.CharField(
        max_length=10,
        choices=TargetStatus.choices,
        blank=True,
        help_text="Targets only: announced, achieved, delayed or cancelled.",
    )
    announced = FuzzyDateField(blank=True, help_text="Targets: when the plan was stated in public.")
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text="Targets: the earlier target this one replaces (a slip is then data).",
    )
    fulfils = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fulfilled_by",
        help_text="Milestones: the target this milestone delivered.",
    )
    summary = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="events")
    published = models.BooleanField(
        default=False, help_text="Drafts are visible only to editors.", db_index=True
    )
    last_verified = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this entry against sources."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[companies, sources])
    objects = EventQuerySet.as_manager()

    NATURAL_KEY = ("slug",)

    class Meta:
        ordering = ["date_start", "date_end", "title"]
        indexes = [
            models.Index(fields=["published", "date_start"], name="event_published_date"),
            # The feeds list the latest changes first.
            models.Index(fields=["published", "-updated"], name="event_published_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supersedes=F("pk")),
                name="event_not_superseding_itself",
                violation_error_message="A target cannot supersede itself.",
            ),
            models.CheckConstraint(
                condition=~Q(fulfils=F("pk")),
                name="event_not_fulfilling_itself",
                violation_error_message="A milestone cannot fulfil itself.",
            ),
            models.CheckConstraint(
                condition=Q(kind=EventKind.TARGET) | Q(status=""),
                name="event_status_only_on_targets",
                violation_error_message="Only targets have a status; leave it empty "
                "for a milestone.",
            ),
            models.CheckConstraint(
                condition=Q(kind=EventKind.TARGET) | Q(supersedes__isnull=True),
                name="event_supersedes_only_targets",
                violation_error_message="Only a target can supersede an earlier target.",
            ),
            models.CheckConstraint(
                condition=Q(kind=EventKind.MILESTONE) | Q(fulfils__isnull=True),
                name="event_fulfils_only_milestones",
                violation_error_message="Only a milestone can fulfil a target.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date})"

    def get_absolute_url(self):
        return reverse("timeline:event-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_target(self) -> bool:
        return self.kind == EventKind.TARGET

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.is_target and not self.status:
            self.status = TargetStatus.ANNOUNCED
        if self.supersedes_id and self.supersedes_id == self.pk:
            errors["supersedes"] = "A target cannot supersede itself."
        if self.fulfils_id and self.fulfils_id == self.pk:
            errors["fulfils"] = "A milestone cannot fulfil itself."
        if self.supersedes_id and self.pk and self._supersedes_chain_returns_here():
            errors["supersedes"] = "This would make a loop of targets superseding each other."
        if self.supersedes and self.supersedes.kind != EventKind.TARGET:
            errors["supersedes"] = "A target can only supersede another target."
        if self.fulfils and self.fulfils.kind != EventKind.TARGET:
            errors["fulfils"] = "A milestone can only fulfil a target."
        if errors:
            raise ValidationError(errors)

    def _supersedes_chain_returns_here(self) -> bool:
        seen = {self.pk}
        current = self.supersedes
        while current is not None:
            if current.pk in seen:
                return True
            seen.add(current.pk)
            current = current.supersedes
        return False

    def target_history(self) -> list["Event"]:
        """The chain of targets this one belongs to, oldest first ("2025 → 2027")."""
        chain = [self]
        seen = {self.pk}
        current = self.supersedes
        while current is not None and current.pk not in seen:
            chain.insert(0, current)
            seen.add(current.pk)
            current = current.supersedes
        later = self
        while True:
            nxt = next((e for e in later.superseded_by.all() if e.pk not in seen), None)
            if nxt is None:
                break
            chain.append(nxt)
            seen.add(nxt.pk)
            later = nxt
        return chain


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
