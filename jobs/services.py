"""Start background jobs and report from inside them; any app plugs its long work in here.

A job is a task on Django's Tasks framework (the `django_tasks` backport) plus a `Job` row
that the admin shows. To run long work as a job, an app writes a task that takes the job's
id first and wraps its work in `job_running`, then starts it with `job_enqueue`:

    @task()
    def release_build_job(job_id: int, release_id: int) -> None:
        with job_running(job_id) as job:
            job.progress(0.1, "Collecting entries")
            ...
            job.succeed("Release 2026-12 built.", link_url=..., link_text="See the release")

    job = job_enqueue(release_build_job, title="Build release 2026-12", user=request.user,
                      release_id=release.pk)
    return HttpResponseRedirect(job.get_absolute_url())  # the progress page

The work writes its data in one transaction, so a job that fails, or whose worker is killed,
leaves nothing half-written. Progress is saved outside that transaction (inside it nobody
else could see it, and a rollback would take it back), at most a few times a second.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Job, JobStatus

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "The job stopped on an unexpected error; nothing was written. Try again, or ask an "
    "administrator to look at the worker's log."
)
PROGRESS_INTERVAL = 0.5  # seconds between saved progress updates
MAX_DETAILS = 200  # problems kept on a failed job; the count says how many there were


class JobFailed(Exception):
    """The work found a reason to stop that the editor should read; nothing was written."""

    def __init__(self, message: str, details: list[str] = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)


def job_enqueue(task, *, title: str, user, **arguments) -> Job:
    """Record a job and queue `task(job_id, **arguments)`; the arguments must be JSON values."""
    job = Job.objects.create(title=title[:200], user=user if user and user.pk else None)
    result = task.enqueue(job.pk, **arguments)
    # An immediate backend has already run the job; keep what it wrote.
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


class JobReporter:
    """What a running job tells its editor: progress, then success or failure."""

    def __init__(self, job: Job):
        self.job = job
        self._last_saved = 0.0
        # Progress told inside a transaction the work opened stays unsaved: nobody else
        # could read it before the commit, and a rollback would take it back.
        self._outer_depth = len(connection.atomic_blocks)

    def progress(self, fraction: float, stage: str) -> None:
        """Done so far (0 to 1) and what is happening; saved unless saved a moment ago."""
        if len(connection.atomic_blocks) > self._outer_depth:
            return
        now = time.monotonic()
        if stage == self.job.stage and now - self._last_saved < PROGRESS_INTERVAL:
            return
        self._last_saved = now
        self.job.percent = max(0, min(99, int(fraction * 100)))
        self.job.stage = stage[:200]
        Job.objects.filter(pk=self.job.pk).update(
            percent=self.job.percent, stage=self.job.stage, updated=timezone.now()
        )

    def succeed(self, message: str, *, link_url: str = "", link_text: str = "") -> None:
        self._finish(JobStatus.SUCCEEDED, message, link_url=link_url, link_text=link_text)

    def fail(self, message: str, details: list[str] = ()) -> None:
        self._finish(JobStatus.FAILED, message, details=list(details))

    def _finish(self, status: str, message: str, *, details=(), link_url="", link_text=""):
        details = list(details)
        if len(details) > MAX_DETAILS:
            details = [*details[:MAX_DETAILS], f"… and {len(details) - MAX_DETAILS} more."]
        Job.objects.filter(pk=self.job.pk).update(
            status=status,
            percent=100 if status == JobStatus.SUCCEEDED else self.job.percent,
            stage="",
            message=message,
            details=details,
            link_url=link_url[:300],
            link_text=link_text[:200],
            finished=timezone.now(),
            updated=timezone.now(),
        )
        self.job.status = status


@contextmanager
def job_running(job_id: int) -> Iterator[JobReporter]:
    """Mark the job running for the work inside; a `JobFailed` or any error marks it failed.

    An unexpected error is re-raised after it is recorded, so the task queue records it too.
    """
    job = Job.objects.get(pk=job_id)
    now = timezone.now()
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started=now, updated=now)
    job.status = JobStatus.RUNNING
    reporter = JobReporter(job)
    try:
        yield reporter
    except JobFailed as failure:
        reporter.fail(failure.message, failure.details)
    except BaseException:
        logger.exception("Job %s (%s) failed", job_id, job.title)
        reporter.fail(UNEXPECTED)
        raise
    else:
        if reporter.job.status == JobStatus.RUNNING:
            reporter.succeed("Done.")


def job_abandoned(job: Job) -> bool:
    """A running job whose worker has not been heard from for a long time was ended midway."""
    if job.status != JobStatus.RUNNING:
        return False
    quiet = timedelta(minutes=settings.SSTRACKER_JOB_QUIET_MINUTES)
    return timezone.now() - job.updated > quiet


def jobs_of(user):
    """The jobs an editor may see: their own; an administrator sees everyone's."""
    jobs = Job.objects.select_related("user")
    return jobs if user.is_superuser else jobs.filter(user=user)
