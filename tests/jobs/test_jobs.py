"""Background jobs as an editor sees them: progress while they run, the outcome after, and
a list of their own jobs to come back to."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from tests.jobs import tasks

pytestmark = pytest.mark.django_db


def test_a_running_job_shows_its_progress_and_then_its_outcome(editor_client, editor):
    job = job_enqueue(
        tasks.halfway_job, title="Build release 2026-12", user=editor, user_id=editor.pk
    )
    halfway, page = tasks.SEEN_HALFWAY
    assert halfway["percent"] == 50 and halfway["stage"] == "Halfway there"
    assert halfway["status"] == "running" and not halfway["finished"]
    assert '<progress max="100"' in page["page"] and "You can leave this page" in page["page"]
    assert "jobs/progress.js" in page["page"]

    done = editor_client.get(job.get_absolute_url()).content.decode()
    assert "All done." in done and 'value="100"' in done and "progress.js" not in done
    assert editor_client.get(reverse("admin:jobs_job_status", args=[job.pk])).json()["finished"]


def test_a_refused_job_shows_why_with_its_problems(editor_client, editor):
    job = job_enqueue(tasks.refusing_job, title="Build release", user=editor)
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "Failed" in page and "The release has no entries." in page
    assert "<li>second problem</li>" in page


def test_an_editor_lists_their_own_jobs_only(editor_client, editor, django_user_model):
    other = django_user_model.objects.create_user("other", is_staff=True)
    mine = Job.objects.create(title="Import events.csv", user=editor, status=JobStatus.RUNNING)
    theirs = Job.objects.create(title="Import sources.csv", user=other)
    listing = editor_client.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert "Import events.csv" in listing and "Running" in listing
    assert "Import sources.csv" not in listing
    assert editor_client.get(mine.get_absolute_url()).status_code == 200
    assert editor_client.get(theirs.get_absolute_url()).status_code == 404
    status = reverse("admin:jobs_job_status", args=[theirs.pk])
    assert editor_client.get(status).status_code == 404
    assert editor_client.get("/admin/jobs/job/abc/change/").status_code == 404


def test_a_job_whose_worker_was_ended_says_so(editor_client, editor, settings):
    job = Job.objects.create(title="Import events.csv", user=editor, status=JobStatus.RUNNING)
    quiet = timezone.now() - timedelta(minutes=settings.SSTRACKER_JOB_QUIET_MINUTES + 1)
    Job.objects.filter(pk=job.pk).update(updated=quiet)
    page = editor_client.get(job.get_absolute_url()).content.decode()
    assert "its worker was ended while it ran. Nothing was written." in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_runs_a_queued_job(editor):
    job = job_enqueue(
        tasks.refusing_job.using(backend="database"), title="Build release", user=editor
    )
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED  # waiting for a worker
    call_command(
        "db_worker",
        "--batch",
        "--backend=database",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "The release has no entries."
    assert job.started and job.finished
