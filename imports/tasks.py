"""Imports and reverts as background jobs: the admin starts them, a worker runs them.

Confirming an import of a large file, or reverting a large batch, can outlast a web request,
so both run on the task queue (`jobs`) and the editor follows them on a progress page. Each
writes in one transaction: a job that fails, or whose worker is ended, writes nothing.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from jobs.services import JobFailed, job_running

from .batches import BatchRevertError, batch_revert
from .models import ImportBatch
from .services import csv_import
from .storage import upload_storage

SHOWN_ERRORS = 200


def _user(user_id: int | None):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@task()
def csv_import_job(job_id: int, *, model: str, upload: str, file_name: str, user_id=None):
    """Import an uploaded file the editor previewed; the upload is removed once written."""
    with job_running(job_id) as job:
        storage = upload_storage(name=upload)
        try:
            content = storage.read()
        except FileNotFoundError:
            raise JobFailed(
                "The uploaded file is no longer available (it was already imported, or it "
                "expired). Upload it again."
            ) from None
        # Checked again: the database may have changed since the preview.
        report = csv_import(
            model=model,
            content=content,
            file_name=file_name,
            user=_user(user_id),
            progress=job.progress,
        )
        del content
        if not report.ok:
            raise JobFailed(
                f"{len(report.errors):,} problem(s) in {file_name}; nothing was written. "
                "Correct the file and upload it again.",
                [str(error) for error in report.errors[:SHOWN_ERRORS]],
            )
        storage.remove()
        if not report.written:
            job.succeed("Every row is already up to date; nothing was written.")
            return
        batch = report.batch
        job.succeed(
            f"Imported {file_name}: {report.summary()}. It can be reverted from its batch.",
            link_url=batch.get_absolute_url(),
            link_text=f"See import batch #{batch.pk}",
        )


@task()
def batch_revert_job(job_id: int, *, batch_id: int, user_id=None):
    """Revert an import batch; refused, with the reason, when it would lose later work."""
    with job_running(job_id) as job:
        batch = ImportBatch.objects.get(pk=batch_id)
        job.progress(0.1, f"Reverting import batch #{batch.pk}")
        try:
            outcome = batch_revert(batch=batch, user=_user(user_id))
        except BatchRevertError as error:
            raise JobFailed(str(error)) from None
        job.succeed(
            f"Reverted import batch #{batch.pk}: {outcome['restored']} entries restored, "
            f"{outcome['deleted']} deleted.",
            link_url=batch.get_absolute_url(),
            link_text=f"See import batch #{batch.pk}",
        )
