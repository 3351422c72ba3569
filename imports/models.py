"""A record of every CSV import: who, when, which file, what it did, and whether it was undone."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class CsvModel(models.TextChoices):
    """The four kinds of CSV file, named as on the command line."""

    SOURCES = "sources", "Sources"
    COMPANIES = "companies", "Companies"
    PARTNERSHIPS = "partnerships", "Partnerships"
    EVENTS = "events", "Events"


class BatchStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    REVERTED = "reverted", "Reverted"


class ImportBatch(models.Model):
    """One written import. Its entries' history records carry `change_reason`."""

    model = models.CharField(max_length=20, choices=CsvModel.choices)
    file_name = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who imported the file; empty for a command run without --user.",
    )
    created = models.DateTimeField(auto_now_add=True)
    new_count = models.PositiveIntegerField("new", default=0)
    updated_count = models.PositiveIntegerField("updated", default=0)
    unchanged_count = models.PositiveIntegerField("unchanged", default=0)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default="applied")
    reverted_at = models.DateTimeField(null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "import batch"
        verbose_name_plural = "import batches"
        permissions = [("revert_importbatch", "Can revert an import batch")]

    def __str__(self):
        return f"#{self.pk} {self.file_name} ({self.get_model_display().lower()})"

    def get_absolute_url(self):
        return reverse("admin:imports_importbatch_change", args=[self.pk])

    @property
    def change_reason(self) -> str:
        """The reason written on every history record this batch made (at most 100 chars)."""
        return f"CSV import #{self.pk} ({self.file_name})"[:100]

    @property
    def revert_reason(self) -> str:
        return f"Reverted CSV import #{self.pk}"

    @property
    def is_reverted(self) -> bool:
        return self.status == BatchStatus.REVERTED
