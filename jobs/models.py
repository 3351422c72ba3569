"""A background job as an editor sees it: what it does, how far it got, and how it ended."""

from django.conf import settings
from django.db import models
from django.urls import reverse


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """One piece of long work (an import, a revert, a release) run by a worker process.

    The task itself runs on Django's Tasks framework (`django_tasks`); this row is what the
    admin shows while it runs and after: progress, stage, outcome, and a link to the result.
    """

    title = models.CharField(
        max_length=200, help_text='What the job does, e.g. "Import events.csv".'
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who started the job.",
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True, help_text="What the job is doing now.")
    message = models.TextField(blank=True, help_text="The outcome, in a sentence or two.")
    details = models.JSONField(default=list, blank=True, help_text="Problems found, one a line.")
    link_url = models.CharField(max_length=300, blank=True, help_text="Where the result is.")
    link_text = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task's id in the queue.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "-created"], name="jobs_user_created")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:jobs_job_change", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
