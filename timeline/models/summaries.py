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
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from fuzzydate.fields import FuzzyDateField, parse_canonical

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
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    met_months = models.IntegerField(null=True)
    moved_months = models.IntegerField()
    moves = models.PositiveIntegerField()
    history_text = models.TextField()
    steps = models.JSONField(default=list)  # every date it stood at, oldest first
    companies = models.ManyToManyField(Company, related_name="promise_summaries")

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
    def stored_steps(self) -> list[StoredStep]:
        """Every date the promise stood at, oldest first (see `timeline.slips.Step`)."""
        return [_stored_step(step) for step in self.steps]

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
