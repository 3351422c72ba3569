"""Imports and reverts as background jobs: progress, outcome, and nothing written on failure."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from imports import write
from imports.models import ImportBatch
from imports.storage import upload_storage
from imports.tasks import csv_import_job
from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from tests.imports.conftest import EVENT_HEADER, UPDATES, run
from timeline.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def preview(client, model: str, name: str, content: bytes):
    return client.post(
        reverse("admin:imports_upload", args=[model]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def confirm(client, model: str, previewed):
    response = client.post(
        reverse("admin:imports_confirm", args=[model]), {"token": previewed.context["token"]}
    )
    return client.get(response["Location"])  # the job's progress page


def chain(size: int) -> str:
    """Targets each superseding the one before: one promise restated `size` times."""
    rows = [f"t{n},T{n},catl,2026,target,{f't{n - 1}' if n else ''}\n" for n in range(size)]
    return EVENT_HEADER + "".join(rows)


def test_an_import_reports_its_progress_from_reading_to_writing(catl):
    heard = []
    events = "".join(f"e{n},E{n},catl,2026,milestone,\n" for n in range(2500))
    report = run(
        "events",
        EVENT_HEADER + events,
        progress=lambda fraction, stage: heard.append((fraction, stage)),
    )
    assert report.new == 2500
    fractions = [fraction for fraction, _ in heard]
    assert fractions == sorted(fractions) and fractions[-1] < 1
    stages = [stage for _, stage in heard]
    assert "Reading line 2,000" in stages and "Comparing row 2,001 with the database" in stages
    assert stages[-1] == "Writing 2,500 entries in one transaction"


def test_confirming_an_import_shows_the_job_and_its_outcome(editor_client, snapshot):
    previewed = preview(
        editor_client, "events", "events.csv", (UPDATES / "events.csv").read_bytes()
    )
    page = confirm(editor_client, "events", previewed).content.decode()
    batch = ImportBatch.objects.get()
    assert "Imported events.csv: 3 new, 0 updated" in page and batch.get_absolute_url() in page
    job = Job.objects.get()
    assert (
        job.status == JobStatus.SUCCEEDED
        and job.percent == 100
        and job.title == "Import events.csv"
    )
    listing = editor_client.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert "Import events.csv" in listing and "Done" in listing


def test_a_job_that_fails_midway_writes_nothing(editor_client, snapshot, monkeypatch):
    events, history = Event.objects.count(), Event.history.count()
    previewed = preview(
        editor_client, "events", "events.csv", (UPDATES / "events.csv").read_bytes()
    )

    def worker_ended(*args, **kwargs):  # after every row is inserted and its history written
        raise RuntimeError("the worker was ended")

    monkeypatch.setattr(write, "_refresh_promises", worker_ended)
    page = confirm(editor_client, "events", previewed).content.decode()
    assert "stopped on an unexpected error; nothing was written" in page
    assert Job.objects.get().status == JobStatus.FAILED
    assert Event.objects.count() == events and Event.history.count() == history
    assert not ImportBatch.objects.exists()

    monkeypatch.undo()  # the upload is kept: confirming again imports it
    page = confirm(editor_client, "events", previewed).content.decode()
    assert "Imported events.csv: 3 new" in page and Event.objects.count() == events + 3


def test_an_import_that_became_invalid_since_its_preview_fails_with_its_problems(
    editor_client, snapshot
):
    content = b"slug,name,role\nnewco,NewCo,supplier\n"
    previewed = preview(editor_client, "companies", "companies.csv", content)
    run("companies", b"slug,name,role\nother,NewCo,supplier\n")  # takes the name meanwhile
    page = confirm(editor_client, "companies", previewed).content.decode()
    assert "1 problem(s) in companies.csv; nothing was written." in page
    assert "NewCo" in page and ImportBatch.objects.count() == 1  # the other import only


def test_reverting_a_batch_runs_as_a_job(editor_client, snapshot):
    previewed = preview(
        editor_client, "events", "events.csv", (UPDATES / "events.csv").read_bytes()
    )
    confirm(editor_client, "events", previewed)
    batch = ImportBatch.objects.get()
    response = editor_client.post(reverse("admin:imports_importbatch_revert", args=[batch.pk]))
    page = editor_client.get(response["Location"]).content.decode()
    assert f"Reverted import batch #{batch.pk}: 0 entries restored, 3 deleted." in page
    batch.refresh_from_db()
    assert batch.is_reverted
    again = editor_client.post(
        reverse("admin:imports_importbatch_revert", args=[batch.pk]), follow=True
    )
    assert "already reverted" in again.content.decode()


def test_a_chain_of_three_thousand_targets_is_checked_in_seconds(catl):
    start = time.perf_counter()
    report = run("events", chain(3000), dry_run=True)
    elapsed = time.perf_counter() - start
    assert report.ok and report.new == 3000
    assert elapsed < 10, f"checking a chain of 3,000 targets took {elapsed:.1f} s"


def test_a_header_of_a_million_columns_is_refused_at_once_in_the_admin(editor_client, snapshot):
    content = ("t," * 1_000_000).encode() + b"\nx\n"
    start = time.perf_counter()
    response = preview(editor_client, "events", "wide.csv", content)
    elapsed = time.perf_counter() - start
    page = response.content.decode()
    assert "The header has more than 100 columns" in page and "Nothing was written" in page
    assert len(response.content) < 100_000 and elapsed < 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_imports_a_confirmed_file(catl, editor):
    storage = upload_storage()
    storage.save(chain(50).encode())
    job = job_enqueue(
        csv_import_job.using(backend="database"),
        title="Import chain.csv",
        user=editor,
        model="events",
        upload=storage.name,
        file_name="chain.csv",
        user_id=editor.pk,
    )
    assert not Event.objects.exists()
    call_command(
        "db_worker",
        "--batch",
        "--backend=database",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )
    job.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert job.status == JobStatus.SUCCEEDED and job.link_url == batch.get_absolute_url()
    assert Event.objects.count() == 50 and batch.user == editor
