"""Admin pages for an entry's history: versions in plain words, compare, restore, deleted entries.

`EntryHistoryMixin` goes before `SimpleHistoryAdmin` in a ModelAdmin's bases and replaces its
history page. `EditorialAdmin` bundles it with the no-lost-edits check; content admins
inherit from it. The views only check permissions, call `editorial.history` and turn the
outcome into a page or a message.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods
from simple_history.admin import SimpleHistoryAdmin

from .history import (
    HISTORY_TYPE_WORDS,
    RestoreError,
    Versions,
    deleted_entries,
    deleted_entry_restore,
    entry_as_of,
    entry_label,
    last_live_version,
    version_label,
    version_restore,
    versions_of,
    with_related,
)
from .locking import EditConflictMixin
from .restore_plans import restore_plan
from .widgets import LabelledSplitDateTime

# A restore address shows what the restore would do (GET) and does it (POST).
GET_OR_POST = require_http_methods(["GET", "POST"])


@dataclass(frozen=True)
class Attention:
    """A count of entries that need an editor, with the page that lists them (admin home).

    `urgent` items (wrong or unchecked things readers see) head the home page; the others
    (drafts, work in progress) follow on one quiet line.
    """

    label: str
    count: int
    url: str
    urgent: bool = True


class EntryHistoryMixin:
    """History pages that compare any two versions, restore any version, and undelete."""

    history_list_per_page = 50
    deleted_list_per_page = 50

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "deleted/",
                view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "deleted/<path:object_id>/restore/",
                view(GET_OR_POST(self.deleted_restore_view)),
                name="{}_{}_deleted_restore".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.history_compare_view),
                name="{}_{}_history_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                view(GET_OR_POST(self.history_restore_view)),
                name="{}_{}_history_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    # -- helpers

    def _entry_id(self, object_id: str):
        """The id in the address as the model's key, or "not found" ("abc" names no event)."""
        try:
            return self.opts.pk.to_python(unquote(object_id))
        except (ValidationError, ValueError, TypeError):
            raise Http404(f"“{object_id}” is not the id of any {self.opts.verbose_name}.") from None

    def _url(self, name: str, *args) -> str:
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
        )

    def _entry_or_deleted(self, request, object_id):
        """The entry, or for a deleted one its latest version; 404 if it never existed."""
        entry = self.get_object(request, object_id)
        if entry is not None:
            if not self.has_view_or_change_permission(request, entry):
                raise PermissionDenied
            return entry, False
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        record = with_related(versions_of(self.model, object_id)).first()
        if record is None:
            raise Http404(f"No {self.opts.verbose_name} with this id has ever existed.")
        return entry_as_of(record), True

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "deleted_url": self._url("deleted"),
            **extra,
        }

    # -- views

    def history_view(self, request, object_id, extra_context=None):
        object_id = self._entry_id(object_id)
        entry, deleted = self._entry_or_deleted(request, object_id)
        records = with_related(versions_of(self.model, object_id))
        paginator = Paginator(records, self.history_list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        first = (page.number - 1) * self.history_list_per_page
        # One version more than the page shows: the one before the oldest, to compare with.
        loaded = list(records[first : first + self.history_list_per_page + 1])
        versions = Versions(self.model, loaded)
        rows = [
            {
                "record": record,
                "action": HISTORY_TYPE_WORDS.get(record.history_type, record.history_type),
                "changes": changes,
                "is_current": not deleted and page.number == 1 and index == 0,
            }
            for index, (record, changes) in enumerate(versions.changes_from_previous())
        ][: self.history_list_per_page]
        can_restore = (
            self.has_add_permission(request)
            if deleted
            else self.has_change_permission(request, entry)
        )
        context = self._context(
            request,
            title=f"History: {entry}",
            object=entry,
            object_id=object_id,
            deleted=deleted,
            rows=rows,
            page_obj=page,
            page_range=paginator.get_elided_page_range(page.number),
            page_var=PAGE_VAR,
            can_restore=can_restore,
            compare_url=self._url("history_compare", object_id),
            **(extra_context or {}),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "editorial/object_history.html", context)

    def history_compare_view(self, request, object_id):
        object_id = self._entry_id(object_id)
        entry, deleted = self._entry_or_deleted(request, object_id)
        history_url = self._url("history", object_id)
        chosen = {request.GET.get("from", ""), request.GET.get("to", "")}
        if len(chosen) != 2 or not all(value.isdigit() for value in chosen):
            messages.error(request, "Choose two different versions to compare.")
            return HttpResponseRedirect(history_url)
        records = list(
            with_related(versions_of(self.model, object_id))
            .filter(history_id__in=[int(value) for value in chosen])
            .order_by("history_date", "history_id")
        )
        if len(records) != 2:
            messages.error(request, "These versions do not belong to this entry.")
            return HttpResponseRedirect(history_url)
        older, newer = records
        latest = versions_of(self.model, object_id).values_list("history_id", flat=True).first()
        context = self._context(
            request,
            title=f"Compare versions: {entry}",
            object=entry,
            object_id=object_id,
            deleted=deleted,
            older=older,
            newer=newer,
            latest_id=latest,
            changes=Versions(self.model, records).changes(older, newer),
            can_restore=not deleted and self.has_change_permission(request, entry),
            history_url=history_url,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "editorial/history_compare.html", context)

    def history_restore_view(self, request, object_id, history_id):
        object_id = self._entry_id(object_id)
        record = get_object_or_404(versions_of(self.model, object_id), history_id=history_id)
        entry = self.get_object(request, object_id)
        if entry is None:
            allowed = self.has_add_permission(request)
        else:
            allowed = self.has_change_permission(request, entry)
        if not allowed:
            raise PermissionDenied
        history_url = self._url("history", object_id)
        if record.history_type == "-":
            messages.error(request, "This version records a deletion; restore one from before.")
            return HttpResponseRedirect(history_url)
        if request.method == "GET":
            return self._restore_confirmation(request, record, entry, history_url)
        try:
            restored = version_restore(record=record, user=request.user)
        except RestoreError as error:
            messages.error(request, str(error))
        else:
            self._report_restore(request, restored, f"the version of {version_label(record)}")
        return HttpResponseRedirect(history_url)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's own "revert" form writes on its POST without saying what
        changes; its address leads to the restore confirmation instead, which does."""
        object_id = self._entry_id(object_id)
        if not str(version_id).isdigit():
            raise Http404("No such version.")
        return HttpResponseRedirect(self._url("history_restore", object_id, int(version_id)))

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        paginator = Paginator(deleted_entries(self.model), self.deleted_list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        rows = [{"record": record, "label": entry_label(record)} for record in page]
        context = self._context(
            request,
            title=f"Deleted {self.opts.verbose_name_plural}",
            rows=rows,
            page_obj=page,
            page_range=paginator.get_elided_page_range(page.number),
            page_var=PAGE_VAR,
            can_restore=self.has_add_permission(request),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "editorial/deleted_list.html", context)

    def deleted_restore_view(self, request, object_id):
        object_id = self._entry_id(object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        if not versions_of(self.model, object_id).exists():
            raise Http404(f"No {self.opts.verbose_name} with this id has ever existed.")
        if request.method == "GET":
            record = last_live_version(self.model, object_id)
            if record is None or self.model._base_manager.filter(pk=object_id).exists():
                return HttpResponseRedirect(self._url("history", object_id))
            return self._restore_confirmation(request, record, None, self._url("deleted"))
        try:
            restored = deleted_entry_restore(
                model=self.model, object_id=object_id, user=request.user
            )
        except RestoreError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self._url("deleted"))
        self._report_restore(request, restored, "the deleted entry")
        return HttpResponseRedirect(self._url("history", object_id))

    def _restore_confirmation(self, request, record, entry, back_url):
        """The page that lists what a restore would change, with the button that does it."""
        plan = restore_plan(record=record)
        label = entry_label(record)
        context = self._context(
            request,
            title=f"Restore “{label}”?" if plan.recreated else f"Restore a version of “{label}”?",
            object=entry,
            object_id=record.id,
            plan=plan,
            record=record,
            back_url=back_url,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "editorial/restore_confirm.html", context)

    def _report_restore(self, request, restored, what: str) -> None:
        self.log_change(request, restored.entry, f"Restored {what}.")
        messages.success(
            request, f"Restored {what}: “{restored.entry}”. The restore is itself a new version."
        )
        for note in restored.notes:
            messages.warning(request, note)


class NulSafeQueryMixin:
    """Lists and searches never pass a NUL character on: PostgreSQL refuses it in any text.

    The list's search box already refuses one; a list filter in the address (`?kind=%00`)
    and the autocomplete of related fields (which searches through this admin) do not.
    """

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key + value for key, value in request.GET.items()):
            kept = request.GET.copy()
            for key, value in request.GET.items():
                if "\x00" in key + value:
                    del kept[key]
            return HttpResponseRedirect(f"{request.path}?{kept.urlencode()}".rstrip("?"))
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


class EditorialAdmin(NulSafeQueryMixin, EditConflictMixin, EntryHistoryMixin, SimpleHistoryAdmin):
    """A content admin with full history pages, no lost edits and searches that cannot fail."""

    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}


def view_on_site(site):
    """The admin's "view on site" redirect, for entries the user may see in this admin only.

    Django's own redirect answers any staff login, so someone with no permissions could walk
    the ids and learn every draft's address (and with it its slug and subject). Route this
    before the admin's URLs, at the same address.
    """

    def view(request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            model_admin = site.get_model_admin(model)
        except (ContentType.DoesNotExist, NotRegistered):
            raise Http404("No such entry.") from None
        if not model_admin.has_view_or_change_permission(request):
            raise Http404("No such entry.")
        return shortcut(request, content_type_id, object_id)

    return site.admin_view(view)
