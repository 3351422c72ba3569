"""The editor's jobs in the admin: a list with each job's state, and a page per job with a
progress bar that follows the job (polling `status/`) and its outcome when it ends."""

from django.contrib import admin
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path

from .models import Job
from .services import job_abandoned, jobs_of

ABANDONED = (
    "This job stopped without finishing: its worker was ended while it ran. Nothing was "
    "written. Start it again."
)


def job_state(job: Job) -> dict:
    """What the progress page shows, as the status endpoint sends it."""
    abandoned = job_abandoned(job)
    return {
        "status": "failed" if abandoned else job.status,
        "status_label": "Stopped" if abandoned else job.get_status_display(),
        "percent": job.percent,
        "stage": job.stage,
        "finished": job.is_finished or abandoned,
        "message": ABANDONED if abandoned else job.message,
    }


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "percent", "created", "finished", "user"]
    list_filter = ["status"]
    list_select_related = ["user"]
    search_fields = ["title"]

    # Jobs are started by the work they do, and kept as the record of how it went.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return jobs_of(request.user)

    def get_list_display(self, request):
        if request.user.is_superuser:
            return self.list_display
        return self.list_display[:-1]  # an editor's list holds only their own jobs

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/status/", view(self.status_view), name="jobs_job_status"),
            *super().get_urls(),
        ]

    def _job(self, request, pk) -> Job:
        if not self.has_view_permission(request):
            raise Http404
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            job = self._job(request, int(object_id))
        except ValueError:
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": job.title,
            "job": job,
            "state": job_state(job),
        }
        return TemplateResponse(request, "admin/jobs/job/progress.html", context)

    def status_view(self, request, pk):
        job = self._job(request, pk)
        return JsonResponse(job_state(job))
