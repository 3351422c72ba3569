"""The import pages that show before anything is written, and the batch page.

`BatchPagesMixin` gives `ImportBatchAdmin` (in `imports.admin`) the preview pages of an
upload (every value of a new row, changes word by word, pages of rows read back from the
stored check, a file box on the error page), the page that lists what reverting a batch
would do, and the batch page's links, shown only to those who may follow them.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .forms import CsvUploadForm
from .previews import ROW_ACTIONS, preview_load, preview_save
from .revert_plans import revert_plan
from .services import batch_entries, resource_for

PREVIEW_ROWS = 200  # rows listed on a preview page; the counts always cover the whole file
PLAIN_USER_FIELDS = {"user": "user_name", "reverted_by": "reverted_by_name"}


def user_view_permission() -> str:
    opts = get_user_model()._meta
    return f"{opts.app_label}.view_{opts.model_name}"


class BatchPagesMixin:
    """For `ImportBatchAdmin`: previews, the revert confirmation and the batch page."""

    def get_fields(self, request, obj=None):
        """Who imported and who reverted, linked to their user pages only for those who
        may open them: otherwise as plain names."""
        if request.user.has_perm(user_view_permission()):
            return self.fields
        return [PLAIN_USER_FIELDS.get(name, name) for name in self.fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description="user")
    def user_name(self, batch):
        return str(batch.user or "-")

    @admin.display(description="reverted by")
    def reverted_by_name(self, batch):
        return str(batch.reverted_by or "-")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if batch is not None:
            entries = batch_entries(batch=batch)
            entry_model = resource_for(batch.model)._meta.model
            existing = set(
                entry_model._base_manager.filter(
                    pk__in=[entry["pk"] for entry in entries]
                ).values_list("pk", flat=True)
            )
            for entry in entries:
                entry["exists"] = entry["pk"] in existing
            entry_admin = self.admin_site._registry.get(entry_model)
            extra_context["entries"] = entries
            extra_context["entry_opts"] = entry_model._meta
            extra_context["can_open_entries"] = (
                entry_admin is not None and entry_admin.has_view_or_change_permission(request)
            )
            extra_context["can_revert"] = not batch.is_reverted and request.user.has_perm(
                "imports.revert_importbatch"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _preview(self, request, content_model, model, report, token, stored=None):
        """A page of the preview: the counts and errors of the whole file, and one page of
        its rows (of one kind if `show` says so), with links to the other pages."""
        show = request.GET.get("show", "")
        show = show if show in ROW_ACTIONS else ""
        if stored is None:
            preview_token = preview_save(report=report, confirm_token=token)
            rows = [row for row in report.rows if row.action == show or not show]
        else:
            preview_token, rows = request.GET["token"], stored.rows(show)
        paginator = Paginator(rows, PREVIEW_ROWS)
        page = paginator.get_page(request.GET.get("page"))
        context = self._context(
            request,
            content_model,
            title=f"Preview: {report.file_name}",
            report=report,
            rows=page.object_list,
            page_obj=page,
            page_range=paginator.get_elided_page_range(page.number),
            preview_token=preview_token,
            show=show,
            shows=[
                ("new", report.new),
                ("updated", report.updated),
                ("unchanged", report.unchanged),
                ("error", report.error_lines),
            ],
            token=token,
            csv_model=model,
            upload_form=CsvUploadForm() if report.errors else None,
        )
        return TemplateResponse(request, "admin/imports/preview.html", context)

    def preview_view(self, request, model):
        """Another page of a preview already checked: read back, never checked again."""
        content_model, _ = self._target(request, model, action="import")
        stored = preview_load(request.GET.get("token", ""), model=model)
        if stored is None:
            messages.error(
                request, "This preview has expired or is not valid. Upload the file again."
            )
            return HttpResponseRedirect(reverse("admin:imports_upload", args=[model]))
        return self._preview(
            request, content_model, model, stored.report, stored.confirm_token, stored
        )

    def _revert_confirmation(self, request, batch):
        """Every entry the revert would restore (now → before the import) or delete."""
        content_model = resource_for(batch.model)._meta.model
        context = self._context(
            request,
            content_model,
            title=f"Revert import batch #{batch.pk}?",
            batch=batch,
            plan=revert_plan(batch=batch),
        )
        return TemplateResponse(request, "admin/imports/importbatch_revert.html", context)
