"""Admin for events (with their restated dates), outlook bands, challenges and briefings.

The review queue, a page of the event admin, is in `timeline.admin_review`.
"""

from datetime import MINYEAR

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models.functions import ExtractYear
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from companies.admin import PublicationFilter, PublishActionsMixin, TrackerAdmin
from editorial.history import versions_of
from editorial.locking import EditConflictInlineMixin

from . import review
from .admin_review import ReviewQueueMixin
from .forms import DATE_CHANGE_FIELDS, DateChangeForm, EventAdminForm
from .models import Briefing, Challenge, Event, Horizon, Restatement
from .services import PromisedTerms, date_change_needed, target_restate


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Event.objects.annotate(year=ExtractYear("date_start"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value.isascii() and value.isdigit() and len(value) <= 4 and int(value) >= MINYEAR:
            return queryset.filter(date_start__year=int(value))
        return queryset.none()  # no event is dated in a year that cannot exist, such as 0


class RestatementInline(EditConflictInlineMixin, admin.TabularInline):
    """The dates a target was promised for before the company moved it, oldest first.
    Rows changed elsewhere while the target's page was open are merged like the target."""

    model = Restatement
    fk_name = "target"
    extra = 0
    fields = ["date", "stage", "announced", "restated", "source"]
    autocomplete_fields = ["source"]
    verbose_name = "earlier date (restated by the company)"
    verbose_name_plural = "earlier dates (restated by the company)"


@admin.register(Event)
class EventAdmin(ReviewQueueMixin, PublishActionsMixin, TrackerAdmin):
    form = EventAdminForm
    inlines = [RestatementInline]
    list_display = [
        "title",
        "date_display",
        "company_names",
        "kind",
        "stage",
        "chemistry",
        "status",
        "publication",
        "last_verified",
    ]
    list_filter = [
        "kind",
        "stage",
        "chemistry",
        "status",
        PublicationFilter,
        "published",
        YearFilter,
    ]
    search_fields = ["title", "slug", "summary", "companies__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["companies", "sources", "supersedes", "fulfils"]
    readonly_fields = ["created", "updated"]
    ordering = ["date_start", "title"]

    class Media:
        # Opens only the milestone or the target fields, following the kind chosen; without
        # scripts both stay open.
        js = ["js/admin-event-kind.js"]

    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "companies", "published", "publish_at", "last_verified"]},
        ),
        ("When and what", {"fields": ["date", "kind", "stage", "chemistry"]}),
        (
            "Milestones",
            {
                "fields": ["fulfils"],
                "classes": ["event-kind-fields", "event-kind-milestone"],
                "description": "A milestone is something that happened. If it met a target "
                "the company had announced, choose that target here.",
            },
        ),
        (
            "Targets",
            {
                "fields": ["status", "announced", "supersedes"],
                "classes": ["event-kind-fields", "event-kind-target"],
                "description": "A target is a public plan. When the company moves it, change "
                "its date here and say below that it is a restatement; when it happens, add a "
                "milestone that fulfils it. Supersedes links a target to an earlier, separate "
                "target it replaces.",
            },
        ),
        (
            "When a published target's date or stage changes",
            {
                "fields": DATE_CHANGE_FIELDS,
                "classes": ["event-kind-fields", "event-kind-target"],
                "description": "Change the date or stage above, then say here whether the "
                "tracker had it wrong (a correction) or the company moved it (a restatement: "
                "the earlier date stays on the page and counts as a slip).",
            },
        ),
        ("Text and evidence", {"fields": ["summary", "sources"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._offer_link(request, obj) or response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        return self._offer_link(request, obj) or response

    def _offer_link(self, request, obj):
        """After saving a milestone that may meet an open target, offer to link them."""
        if "_popup" in request.POST or not review.open_targets_met_by(obj).exists():
            return None
        return HttpResponseRedirect(reverse("admin:timeline_event_meets", args=[obj.pk]))

    def history_restore_view(self, request, object_id, history_id):
        """A restore that moves a published target's date or stage asks, like the change
        form, whether that is a correction or a restatement before it writes anything."""
        target = self.get_object(request, unquote(object_id))
        # An address that names no event is answered by the generic view (a 404).
        record = None
        if target is not None:
            record = versions_of(Event, target.pk).filter(history_id=history_id).first()
        if (
            request.method != "POST"  # the confirmation page lists what the restore changes
            or target is None
            or record is None
            or not self.has_change_permission(request, target)
        ):
            return super().history_restore_view(request, object_id, history_id)
        earlier = PromisedTerms.of(target)
        restored = PromisedTerms(record.date, record.stage)
        if not date_change_needed(
            published=target.published, kind=target.kind, before=earlier, after=restored
        ):
            return super().history_restore_view(request, object_id, history_id)
        form = DateChangeForm(request.POST if "date_change" in request.POST else None)
        if not form.is_bound or not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Restore a different date: correction or restatement?",
                "target": target,
                "earlier": earlier,
                "restored": restored,
                "record": record,
                "form": form,
                "media": self.media + form.media,
            }
            return TemplateResponse(request, "admin/timeline/event_restore_date.html", context)
        with transaction.atomic():
            response = super().history_restore_view(request, object_id, history_id)
            target.refresh_from_db()
            values = form.restatement_values()
            # Only when the restore went through: a refused one leaves the target as it was.
            if values is not None and not PromisedTerms.of(target).differs_from(restored):
                target_restate(target=target, earlier=earlier, user=request.user, **values)
                target._history_user = request.user
                target._change_reason = "Restatement recorded with the restore"
                target.save(update_fields=["announced", "updated"])
        return response

    def save_model(self, request, obj, form, change):
        restatement = form.restatement() if change else None
        if restatement is not None:
            target_restate(target=obj, user=request.user, **restatement)
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("companies")

    @admin.display(description="date", ordering="date_start")
    def date_display(self, event):
        return str(event.date)

    @admin.display(description="companies")
    def company_names(self, event):
        return ", ".join(company.name for company in event.companies.all())


@admin.register(Horizon)
class HorizonAdmin(TrackerAdmin):
    list_display = ["label", "headline", "first_year", "last_year", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["label"]}
    autocomplete_fields = ["sources"]


@admin.register(Challenge)
class ChallengeAdmin(TrackerAdmin):
    list_display = ["title", "order", "summary"]
    list_editable = ["order"]
    search_fields = ["title", "summary", "detail"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["companies", "events", "sources"]


@admin.register(Briefing)
class BriefingAdmin(TrackerAdmin):
    list_display = ["title", "slug", "order"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sources"]
