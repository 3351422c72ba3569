"""An editor follows a background job in a real Chromium: the bar moves, the outcome shows."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from jobs.models import Job, JobStatus
from tests.browser.test_admin_csp import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BAR = "#job-progress progress"


def test_the_job_page_follows_a_running_job_to_its_outcome(desktop, editor):
    job = Job.objects.create(
        title="Import events.csv",
        user=editor,
        status=JobStatus.RUNNING,
        percent=20,
        stage="Reading line 20,000",
    )
    page = desktop.page
    log_in(page, desktop.base_url)
    desktop.open(job.get_absolute_url())
    assert page.locator(BAR).get_attribute("value") == "20"
    assert "Reading line 20,000" in page.content()

    Job.objects.filter(pk=job.pk).update(percent=60, stage="Comparing row 60,001 with the database")
    page.locator("#job-percent", has_text="60 %").wait_for(timeout=10000)
    assert page.locator(BAR).evaluate("bar => bar.value") == 60
    assert page.locator("#job-stage").inner_text() == "Comparing row 60,001 with the database"
    page.screenshot(path=str(Path(settings.BASE_DIR) / "screenshots/admin-job-running.png"))

    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        percent=100,
        stage="",
        message="Imported events.csv: 3 new, 0 updated, 0 unchanged.",
        link_url="/admin/imports/importbatch/",
        link_text="See import batch #1",
        finished=timezone.now(),
    )
    page.wait_for_selector("text=Imported events.csv: 3 new", timeout=10000)
    assert page.locator(BAR).get_attribute("value") == "100"
    assert page.locator("text=See import batch #1").count() == 1
    page.screenshot(path=str(Path(settings.BASE_DIR) / "screenshots/admin-job-done.png"))
