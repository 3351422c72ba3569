"""Restatements: the earlier dates of a target that the company itself moved.

A target is one promise with one live date. When the company announces a new date (or stage)
for it, the target takes the new values and a `Restatement` keeps the old ones, with when the
company restated it and the source that says so: the slip is data, on the same page and the
same address. A correction (the tracker had the date wrong) leaves no restatement, only the
history every model keeps. `timeline.promises` records restatements; `timeline.slips` reads
them together with `supersedes` chains.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from companies.models import Source
from fuzzydate.fields import FuzzyDateField

from ..choices import Stage


class Restatement(models.Model):
    target = models.ForeignKey(
        "timeline.Event",
        on_delete=models.CASCADE,
        related_name="restatements",
        limit_choices_to={"kind": "target"},
        help_text="The target whose date or stage the company moved.",
    )
    date = FuzzyDateField(
        start_field="date_start",
        end_field="date_end",
        help_text="The date promised before the company moved it.",
    )
    date_start = models.DateField(editable=False)
    date_end = models.DateField(editable=False)
    stage = models.CharField(
        max_length=20, choices=Stage.choices, blank=True, help_text="The stage promised before."
    )
    announced = FuzzyDateField(blank=True, help_text="When that earlier date had been announced.")
    restated = FuzzyDateField(
        start_field="restated_start",
        help_text="When the company announced the new date.",
    )
    restated_start = models.DateField(null=True, editable=False)
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="restatements",
        help_text="The source that reports the new date.",
    )
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "restated_start", "created", "pk"]
        indexes = [models.Index(fields=["target", "restated_start"], name="restatement_order")]

    def __str__(self):
        return f"was {self.date}, restated {self.restated}"
