"""Admin pages for CSV files: upload, preview, confirm, export, templates, and import batches.

The Import/Export buttons on the source, company, partnership and event lists come from
`templates/admin/<app>/<model>/change_list.html` and lead here. Every view only checks
permissions, calls `imports.services` and turns the outcome into a page or a message.

Between preview and confirm the upload is kept in the configured import-export temporary
storage (media storage, shared by every app process) under a random name, which travels in
a signed form field, so any process can finish what another one previewed. The preview
pages, the page that asks before a revert and the batch page are in `imports.admin_pages`.
Confirming an import and reverting a batch start background jobs (`tasks`) and lead to their
progress pages.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from jobs.services import job_enqueue

from .admin_pages import BatchPagesMixin
from .forms import CsvUploadForm
from .models import CsvModel, ImportBatch
from .services import (
    csv_export,
    csv_import,
    csv_template,
    resource_for,
)
from .storage import upload_storage
from .tasks import batch_revert_job, csv_import_job

UPLOAD_SALT = "imports.upload"
UPLOAD_MAX_AGE = 24 * 60 * 60  # seconds a preview stays confirmable


@admin.register(ImportBatch)
class ImportBatchAdmin(BatchPagesMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "created",
        "model",
        "user",
        "new_count",
        "updated_count",
        "unchanged_count",
        "status",
    ]
    list_filter = ["model", "status"]
    list_select_related = ["user"]
    search_fields = ["file_name"]
    date_hierarchy = "created"
    fields = [
        "model",
        "file_name",
        "user",
        "created",
        "new_count",
        "updated_count",
        "unchanged_count",
        "status",
        "reverted_at",
        "reverted_by",
    ]
    readonly_fields = fields
    view_on_site = False  # a batch has no public page; its admin page is the only one

    # Batches are written by imports only, and kept as the record of what was done.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/<str:model>/", view(self.upload_view), name="imports_upload"),
            path("confirm/<str:model>/", view(self.confirm_view), name="imports_confirm"),
            path("preview/<str:model>/", view(self.preview_view), name="imports_preview"),
            path("export/<str:model>/", view(self.export_view), name="imports_export"),
            path("template/<str:model>/", view(self.template_view), name="imports_template"),
            path("<int:pk>/revert/", view(self.revert_view), name="imports_importbatch_revert"),
            *super().get_urls(),
        ]

    # -- helpers

    def _target(self, request, model: str, *, action: str):
        """The content model and its admin for a CSV model name, after a permission check."""
        if model not in CsvModel.values:
            raise PermissionDenied
        content_model = resource_for(model)._meta.model
        model_admin = self.admin_site._registry[content_model]
        if action == "import":
            allowed = (
                request.user.has_perm("imports.add_importbatch")
                and model_admin.has_add_permission(request)
                and model_admin.has_change_permission(request)
            )
        else:
            allowed = model_admin.has_view_permission(request)
        if not allowed:
            raise PermissionDenied
        return content_model, model_admin

    def _context(self, request, content_model, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": content_model._meta,
            "batch_opts": self.model._meta,
            **extra,
        }

    def _csv_response(self, file_name: str) -> HttpResponse:
        return HttpResponse(
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
        )

    # -- views

    def upload_view(self, request, model):
        content_model, _ = self._target(request, model, action="import")
        form = CsvUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            report = csv_import(
                model=model,
                content=content,
                file_name=upload.name,
                user=request.user,
                dry_run=True,
            )
            token = None
            if report.ok and (report.new or report.updated):
                storage = upload_storage()
                storage.save(content)
                token = signing.dumps(
                    {"name": storage.name, "file_name": upload.name, "model": model},
                    salt=UPLOAD_SALT,
                )
            return self._preview(request, content_model, model, report, token)
        resource = resource_for(model)
        context = self._context(
            request,
            content_model,
            title=f"Import {content_model._meta.verbose_name_plural} from CSV",
            form=form,
            csv_model=model,
            columns=resource.get_columns(),
        )
        return TemplateResponse(request, "admin/imports/upload.html", context)

    def confirm_view(self, request, model):
        self._target(request, model, action="import")
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:imports_upload", args=[model]))
        try:
            upload = signing.loads(
                request.POST.get("token", ""), salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(
                request,
                "This preview has expired or is not valid. Upload the file "
                "again; nothing was written.",
            )
            return HttpResponseRedirect(reverse("admin:imports_upload", args=[model]))
        if upload["model"] != model:
            raise PermissionDenied
        job = job_enqueue(
            csv_import_job,
            title=f"Import {upload['file_name']}",
            user=request.user,
            model=model,
            upload=upload["name"],
            file_name=upload["file_name"],
            user_id=request.user.pk,
        )
        return HttpResponseRedirect(job.get_absolute_url())

    def export_view(self, request, model):
        content_model, model_admin = self._target(request, model, action="export")
        try:
            changelist = model_admin.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseBadRequest("These list filters are not valid.")
        response = self._csv_response(f"{model}.csv")
        csv_export(model=model, queryset=changelist.queryset, stream=response, bom=True)
        return response

    def template_view(self, request, model):
        self._target(request, model, action="export")
        response = self._csv_response(f"{model}-template.csv")
        csv_template(model=model, stream=response)
        return response

    def revert_view(self, request, pk):
        batch = get_object_or_404(ImportBatch, pk=pk)
        if not request.user.has_perm("imports.revert_importbatch"):
            raise PermissionDenied
        if request.method == "GET":
            return self._revert_confirmation(request, batch)
        if request.method == "POST":
            if batch.is_reverted:
                messages.error(
                    request, f"This import was already reverted on {batch.reverted_at:%Y-%m-%d}."
                )
            else:
                job = job_enqueue(
                    batch_revert_job,
                    title=f"Revert import batch #{batch.pk}",
                    user=request.user,
                    batch_id=batch.pk,
                    user_id=request.user.pk,
                )
                return HttpResponseRedirect(job.get_absolute_url())
        return HttpResponseRedirect(batch.get_absolute_url())
