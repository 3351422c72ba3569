"""Promise summaries: each public promise's outcome and dates, kept current on every write.

Computing every promise from the events (`timeline.slip_report`) reads every published
target; the slips page, the scorecards, the ladder and the folded earlier dates of every list
need it on each request. A `PromiseSummary` keeps, for the live target that ends each public
chain, what those pages read: the first date, the outcome and the months, how often it moved,
its earlier dates and its companies. `timeline.promise_summaries` rewrites the summaries of
the chains a write touches; everything that depends on the day of reading (overdue, the slip
of an overdue promise) is computed when read, by the same `PromiseReading` as `Promise`.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear, Lower
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, public_condition
from fuzzydate.fields import FuzzyDateField, parse_canonical

from ..choices import BOTH, NOTHING, Chemistry
from ..outcomes import Outcome, PromiseReading, step_text


@dataclass(frozen=True)
class StoredTarget:
    """The target an earlier date belonged to, as much as a list needs of it."""

    slug: str
    title: str
    status: str

    def get_absolute_url(self) -> str:
        return reverse("timeline:event-detail", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class StoredSource:
    url: str
    title: str


@dataclass(frozen=True)
class StoredStep:
    """A date a promise stood at, as kept in its summary (see `timeline.slips.Step`)."""

    target: StoredTarget
    date: object
    stage: str
    stage_label: str
    announced: object
    moved_months: int | None
    how: str
    replaced: object
    source: StoredSource | None = None

    @property
    def text(self) -> str:
        return step_text(self.announced, self.date)


class OutcomeField(models.CharField):
    """An outcome read back as an `Outcome`, as `Promise.outcome` gives it."""

    def from_db_value(self, value, expression, connection):
        return Outcome(value) if value else value


class PromiseSummaryQuerySet(models.QuerySet):
    def for_listing(self):
        """With the targets, the milestone and the public companies a row shows."""
        return self.select_related("current", "first", "milestone").prefetch_related(
            Prefetch("chain_companies", queryset=Company.objects.published().order_by("name"))
        )

    def with_slip_order(self, today: datetime.date):
        """Annotate `slip_order`, what the slips page sorts by (`PromiseReading.sort_months`):
        for an overdue promise, the months from its first date to `today`."""
        first_month = ExtractYear("first_end") * 12 + ExtractMonth("first_end")
        overdue = Q(outcome=Outcome.OPEN, current_end__lt=today)
        return self.annotate(
            slip_order=Case(
                When(overdue, then=Value(today.year * 12 + today.month) - first_month),
                When(met_months__isnull=False, then=F("met_months")),
                default=F("moved_months"),
            )
        )

    def moved(self, today: datetime.date):
        """Promises whose date moved or that were not met on time, largest slip first."""
        return (
            self.with_slip_order(today)
            .filter(Q(moves__gt=0) | ~Q(moved_months=0) | ~Q(slip_order=0))
            .order_by("-slip_order", "first_end", "first_id")
        )


class PromiseSummary(PromiseReading, models.Model):
    current = models.OneToOneField(
        "timeline.Event", on_delete=models.CASCADE, related_name="promise_summary"
    )
    first = models.ForeignKey("timeline.Event", on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey(
        "timeline.Event", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_date = FuzzyDateField(end_field="first_end")
    first_end = models.DateField()
    current_date = FuzzyDateField(end_field="current_end")
    current_end = models.DateField()
    outcome = OutcomeField(max_length=12, choices=Outcome.choices)
    met_months = models.IntegerField(null=True)
    moved_months = models.IntegerField()
    moves = models.PositiveIntegerField()
    history_text = models.TextField()
    steps = models.JSONField(default=list)  # every date it stood at, oldest first
    chain_companies = models.ManyToManyField(Company, related_name="promise_summaries")

    objects = PromiseSummaryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["outcome", "current_end"], name="promise_open_by_end")]

    def __str__(self):
        return f"Promise ending at event {self.current_id}: {self.history_text}"

    @property
    def today(self) -> datetime.date:
        return getattr(self, "_today", None) or timezone.localdate()

    @today.setter
    def today(self, value: datetime.date) -> None:
        self._today = value

    @property
    def first_latest(self) -> datetime.date:
        return self.first_end

    @property
    def current_latest(self) -> datetime.date:
        return self.current_end

    @property
    def companies(self) -> list[Company]:
        """The companies named on the chain's targets (the published ones when prefetched)."""
        return list(self.chain_companies.all())

    @property
    def stored_steps(self) -> list[StoredStep]:
        """Every date the promise stood at, oldest first (see `timeline.slips.Step`)."""
        return [_stored_step(step) for step in self.steps]

    @property
    def dated_steps(self) -> list[StoredStep]:
        return self.stored_steps

    @property
    def earlier_steps(self) -> list[StoredStep]:
        """The dates this promise no longer stands at, newest first."""
        return list(reversed(self.stored_steps[:-1]))


def _date(text: str):
    return parse_canonical(text) if text else None


def _stored_step(data: dict) -> StoredStep:
    source = data.get("source")
    return StoredStep(
        target=StoredTarget(**data["target"]),
        date=_date(data["date"]),
        stage=data["stage"],
        stage_label=data["stage_label"],
        announced=_date(data["announced"]),
        moved_months=data["moved_months"],
        how=data["how"],
        replaced=_date(data["replaced"]),
        source=StoredSource(**source) if source else None,
    )


class StandingQuerySet(models.QuerySet):
    def for_ladder(self):
        """Published companies' standings, most advanced first, with what a row shows."""
        return (
            self.filter(public_condition("company__"))
            .select_related("company", "shown", "target", "promise")
            .order_by("-shown_rank", "-target_rank", Lower("company__name"), "company_id")
        )


class Standing(models.Model):
    """A company's row of the ladder (`timeline.ladder`), kept current with the summaries."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="standing")
    shown = models.ForeignKey(
        "timeline.Event", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shown_rank = models.SmallIntegerField(default=NOTHING)
    target = models.ForeignKey(
        "timeline.Event", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_rank = models.SmallIntegerField(default=NOTHING)
    promise = models.ForeignKey(PromiseSummary, null=True, on_delete=models.SET_NULL)
    chemistry = models.CharField(max_length=12, blank=True)

    objects = StandingQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                F("shown_rank").desc(), F("target_rank").desc(), name="standing_ladder_order"
            )
        ]

    def __str__(self):
        return f"{self.company}: shown {self.shown_rank}, promised {self.target_rank}"

    @property
    def role(self) -> str:
        return self.company.role

    @property
    def chemistry_label(self) -> str:
        if self.chemistry == BOTH:
            return "Semi-solid and all solid-state"
        return str(Chemistry(self.chemistry).label) if self.chemistry else ""

    @property
    def moves(self) -> int:
        return self.promise.moves if self.promise is not None else 0

    @property
    def moved_months(self) -> int:
        return self.promise.moved_months if self.promise is not None else 0

    @property
    def sort_key(self) -> tuple:
        """Most advanced first: what was shown, then what is promised, then by name."""
        return (-self.shown_rank, -self.target_rank, self.company.name.casefold())
