"""A reader's report that something on the site is wrong, and what editors decided.

A report never changes content by itself: an editor checks it, fixes the entry in the admin
(which the changelog then tells) and accepts the report with a line saying what was
corrected. Only accepted reports appear in the public corrections log, and only with that
line, the entry and the date; the reader's own words, address and e-mail stay in the admin.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

REPORT_MAX_LENGTH = 2000


class EntryKind(models.TextChoices):
    EVENT = "event", "Milestone or target"
    COMPANY = "company", "Company"
    CHALLENGE = "challenge", "Challenge"
    PARTNERSHIP = "partnership", "Partnership"


class Status(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class CorrectionQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=Status.ACCEPTED).order_by("-decided", "-pk")


class Correction(models.Model):
    entry_kind = models.CharField(max_length=20, choices=EntryKind.choices)
    entry_id = models.BigIntegerField()
    entry_label = models.CharField(max_length=400, help_text="The entry's name when reported.")
    entry_url = models.CharField(max_length=500, help_text="The entry's page when reported.")
    what_is_wrong = models.TextField(
        max_length=REPORT_MAX_LENGTH, help_text="The reader's words: never shown in public."
    )
    source_url = models.URLField(
        "source URL", max_length=500, help_text="The source the reader says shows the error."
    )
    email = models.EmailField(blank=True, help_text="Optional; never shown in public.")
    client_key = models.CharField(
        max_length=64,
        editable=False,
        db_index=True,
        help_text="A keyed hash of the reader's address, for the report limit; not the address.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    editor_note = models.TextField(blank=True, help_text="For editors only.")
    correction = models.TextField(
        "what was corrected",
        blank=True,
        help_text="Shown in the public corrections log once accepted, e.g. "
        "“Date corrected from 2026 to H1 2026”. Required to accept.",
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    decided = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.ACCEPTED)
                | (~Q(correction="") & Q(decided__isnull=False)),
                name="correction_accepted_says_what",
                violation_error_message="Say what was corrected before accepting a report.",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.entry_label} ({self.created:%d %b %Y})"

    def get_absolute_url(self):
        return f"{reverse('corrections:list')}#correction-{self.pk}"
