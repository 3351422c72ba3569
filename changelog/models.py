"""One row per public change, written from the history records (see `changelog.services`).

The rows are derived data: `manage.py changelog_rebuild` writes them all again from the
history. Each names the history record it comes from, so a record is told at most once.
"""

from django.db import models
from django.urls import reverse

from companies.models import Company


class EntryKind(models.TextChoices):
    MILESTONE = "milestone", "Milestone"
    TARGET = "target", "Target"
    COMPANY = "company", "Company"
    PARTNERSHIP = "partnership", "Partnership"
    CHALLENGE = "challenge", "Challenge"
    SOURCE = "source", "Source"
    OUTLOOK = "outlook", "Outlook band"
    BRIEFING = "briefing", "Briefing"


class ChangeKind(models.TextChoices):
    NEW = "new", "New"
    PUBLISHED = "published", "Published"
    CHANGED = "changed", "Changed"
    RESTATED = "restated", "Restated by the company"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DELETED = "deleted", "Deleted"


class ChangelogEntryQuerySet(models.QuerySet):
    def of_entry(self, entry: models.Model):
        return self.filter(entry_model=entry._meta.label_lower, entry_id=entry.pk)


class ChangelogEntry(models.Model):
    history_model = models.CharField(max_length=100)
    history_id = models.BigIntegerField()
    entry_model = models.CharField(max_length=100)
    entry_id = models.BigIntegerField()
    changed = models.DateTimeField(help_text="When the change was made.")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    change = models.CharField(max_length=20, choices=ChangeKind.choices)
    title = models.CharField(max_length=400, help_text="The entry's name after the change.")
    text = models.TextField(help_text="The change in words.")
    url = models.CharField(
        max_length=500, blank=True, help_text="The entry's public page; empty once it is gone."
    )
    companies = models.ManyToManyField(Company, blank=True, related_name="changelog_entries")

    objects = ChangelogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-changed", "-pk"]
        verbose_name_plural = "changelog entries"
        constraints = [
            models.UniqueConstraint(
                fields=["history_model", "history_id"], name="changelog_one_entry_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["-changed", "-id"], name="changelog_newest"),
            models.Index(fields=["kind", "-changed"], name="changelog_kind"),
            models.Index(fields=["entry_model", "entry_id", "-changed"], name="changelog_entry"),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return f"{reverse('changes:list')}#change-{self.pk}"


class ChangelogCursor(models.Model):
    """How far the changelog has read one history table: the last history id it told."""

    history_model = models.CharField(max_length=100, unique=True)
    last_history_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.history_model} up to {self.last_history_id}"
