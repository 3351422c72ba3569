"""Tasks the job tests run: one that looks at its own progress page halfway through."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_tasks import task

from jobs.services import JobFailed, job_running

SEEN_HALFWAY: list[dict] = []


@task()
def halfway_job(job_id: int, *, user_id: int) -> None:
    with job_running(job_id) as job:
        job.progress(0.5, "Halfway there")
        client = Client()
        client.force_login(get_user_model().objects.get(pk=user_id))
        status = client.get(reverse("admin:jobs_job_status", args=[job_id]))
        page = client.get(reverse("admin:jobs_job_change", args=[job_id]))
        SEEN_HALFWAY[:] = [status.json(), {"page": page.content.decode()}]
        job.succeed("All done.")


@task()
def refusing_job(job_id: int) -> None:
    with job_running(job_id):
        raise JobFailed("The release has no entries.", ["first problem", "second problem"])
