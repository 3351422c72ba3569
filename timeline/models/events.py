"""Events: dated milestones and targets, and the read rules every public page shares."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords

from companies.models import (
    PUBLISH_AT_HELP,
    Company,
    NaturalKeyQuerySet,
    Source,
    is_public,
    public_condition,
)
from fuzzydate.fields import FuzzyDateField

from .. import rules
from ..choices import Chemistry, EventKind, Stage, TargetStatus

# A target is still open in these states; "achieved" and "cancelled" are outcomes.
OPEN_STATUSES = (TargetStatus.ANNOUNCED, TargetStatus.DELAYED)


def overdue_condition(today) -> Q:
    """The one meaning of *overdue* (`timeline.slips.OVERDUE` says it in words), as SQL.

    A target, announced or delayed, that no published milestone fulfils and no published
    target replaces, whose latest possible day is before `today`.
    """
    fulfilled = Event.objects.filter(public_condition(), fulfils=OuterRef("pk"))
    replaced = Event.objects.filter(public_condition(), supersedes=OuterRef("pk"))
    return Q(
        ~Exists(fulfilled),
        ~Exists(replaced),
        kind=EventKind.TARGET,
        status__in=OPEN_STATUSES,
        date_end__lt=today,
    )


class YearOf(models.Func):
    """The year of a date column, written without query parameters, so the database can
    read `by_year_span`'s order from the `event_year_span_order` index of the same expression
    (a parameter, as `ExtractYear` passes "year", never matches an index expression)."""

    output_field = models.IntegerField()
    template = "EXTRACT(YEAR FROM %(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            # SQLite keeps dates as "YYYY-MM-DD" text.
            compiler,
            connection,
            template="CAST(substr(%(expressions)s, 1, 4) AS INTEGER)",
        )


class EventQuerySet(NaturalKeyQuerySet):
    def published(self):
        """Public now: published, or scheduled for a moment now past (`public_condition`)."""
        return self.filter(public_condition())

    def scheduled(self):
        """Drafts with a publish time still to come."""
        return self.filter(published=False, publish_at__gt=Now())

    def milestones(self):
        return self.filter(kind=EventKind.MILESTONE)

    def targets(self):
        return self.filter(kind=EventKind.TARGET)

    def chronological(self):
        return self.order_by("date_start", "date_end", "title")

    def live(self):
        """Without the targets that a published later target replaces (`supersedes`).

        A promise has one live date: a replaced target is shown folded under the target that
        replaced it, never as a promise of its own. A target replaced only by a draft is still
        live, as readers cannot see the draft.
        """
        replaced = Event.objects.filter(public_condition(), supersedes=OuterRef("pk"))
        return self.exclude(Exists(replaced))

    def for_listing(self):
        """Published related rows, fetched once for a whole page of events."""
        return self.select_related("supersedes", "fulfils").prefetch_related(
            Prefetch("companies", queryset=Company.objects.published().order_by("name")),
            Prefetch("sources", queryset=Source.objects.order_by("pk")),
        )

    def public(self):
        """Published, live events with their public companies and sources, in timeline order.

        Every public surface starts here: the pages, the API, the downloads, the feeds and the
        calendar, so none shows a replaced date as a live promise.
        """
        return (
            self.published().live().for_listing().order_by("date_start", "date_end", "title", "pk")
        )

    def by_year_span(self):
        """Grouped by the years a date spans ("2027", then "2027–2029"), then by date: the
        order of the timeline's year headings."""
        return self.order_by(
            YearOf("date_start"),
            YearOf("date_end"),
            "date_start",
            "date_end",
            "title",
            "pk",
        )

    def overlapping(self, first_year: int, last_year: int):
        """Events whose date may fall in these years: their spans overlap."""
        return self.filter(date_start__year__lte=last_year, date_end__year__gte=first_year)

    def overdue(self, today):
        """Targets overdue on `today` (see `overdue_condition`)."""
        return self.filter(overdue_condition(today))

    def upcoming(self, today):
        """Events that may still lie ahead: their latest possible day is today or later."""
        return self.filter(date_end__gte=today)

    def search(self, query: str):
        return self.filter(
            Q(title__icontains=query)
            | Q(summary__icontains=query)
            | (Q(companies__name__icontains=query) & public_condition("companies__"))
        ).distinct()

    def linked_to(self, events):
        """These rows restricted to `events` (events or keys) and every event chained to them,
        transitively, by `supersedes` or `fulfils`: enough to compute their slips without
        reading all targets.

        One query per step along the longest chain, whatever the number of events.
        """
        found = {getattr(event, "pk", event) for event in events}
        frontier = set(found)
        while frontier:
            rows = Event.objects.filter(
                Q(pk__in=frontier) | Q(supersedes__in=frontier) | Q(fulfils__in=frontier)
            ).values_list("pk", "supersedes_id", "fulfils_id")
            linked = {pk for row in rows for pk in row if pk is not None}
            frontier = linked - found
            found |= linked
        return self.filter(pk__in=found)


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
        max_length=20,
        choices=Chemistry.choices,
        blank=True,
        help_text='Empty when the sources do not say; "undisclosed" only when a source says the '
        "company does not disclose it.",
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
    publish_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text=PUBLISH_AT_HELP
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
            # The timeline's order (`by_year_span`), read from the index instead of a sort.
            models.Index(
                YearOf("date_start"),
                YearOf("date_end"),
                "date_start",
                "date_end",
                "title",
                "id",
                name="event_year_span_order",
            ),
        ]
        constraints = [rule.constraint() for rule in rules.EVENT_RULES]

    def __str__(self):
        return f"{self.title} ({self.date})"

    def save(self, *args, **kwargs):
        rules.apply_defaults(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:event-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_public(self) -> bool:
        """What readers see now: published, or scheduled for a moment now past."""
        return is_public(self)

    @property
    def is_target(self) -> bool:
        return self.kind == EventKind.TARGET

    @property
    def year_span(self) -> tuple[int, int]:
        """The first and last year the date can mean: (2027, 2029) for "late 2020s"."""
        return (self.date_start.year, self.date_end.year)

    @property
    def year_span_label(self) -> str:
        """The year heading the event sits under: "2027", or "2027–2029" for a wider date."""
        first, last = self.year_span
        return str(first) if first == last else f"{first}–{last}"

    def clean(self):
        rules.apply_defaults(self)
        errors = rules.broken_event_rules(self)
        kinds = dict(
            Event.objects.filter(pk__in=[self.supersedes_id, self.fulfils_id]).values_list(
                "pk", "kind"
            )
        )
        for field, message in rules.linked_kind_problems(self, kind_of=kinds.get).items():
            errors.setdefault(field, message)
        if "supersedes" not in errors and (loop := self._supersedes_loop()):
            errors["supersedes"] = loop
        if errors:
            raise ValidationError(errors)

    def _supersedes_loop(self) -> str:
        """The message for the loop that saving this target's `supersedes` would make, or ""."""
        if not (self.pk and self.supersedes_id):
            return ""

        def earlier_of(pk):
            if pk == self.pk:
                return self.supersedes_id
            return Event.objects.filter(pk=pk).values_list("supersedes_id", flat=True).first()

        chain, again = rules.walk_back(self.pk, earlier_of)
        if again is None:
            return ""
        slugs = dict(Event.objects.filter(pk__in=chain).values_list("pk", "slug"))
        slugs[self.pk] = self.slug
        return rules.loop_message([slugs[pk] for pk in chain], slugs[again])
