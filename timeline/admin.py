"""Admin for events, outlook bands, challenges and home-page briefings, and the review queue."""

from datetime import MINYEAR

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from companies.admin import PublishActionsMixin, TrackerAdmin
from companies.models import Company
from editorial.admin import Attention

from . import review
from .models import Briefing, Challenge, Event, Horizon

REVIEW_ROWS = 100  # rows listed per section of the review queue


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


class ReviewQueueMixin:
    """The review queue, an admin page of the event admin: what to check next.

    Stale companies and events, overdue targets, and entries without a source, each row with
    "mark verified today" (where the entry has a verified date) and a link to edit it. The
    rules live in `timeline.review`; this only lists and records.
    """

    verifiable_models = {"company": Company, "event": Event}

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="timeline_review"),
            path(
                "review/verified/<str:model_name>/<int:pk>/",
                view(require_POST(self.mark_verified_view)),
                name="timeline_review_verified",
            ),
            *super().get_urls(),
        ]

    def _admin_for(self, model):
        return self.admin_site._registry[model]

    def _section(self, request, key, title, description, queryset, verify=False):
        model_admin = self._admin_for(queryset.model)
        if not model_admin.has_view_or_change_permission(request):
            return None
        rows = list(queryset[: REVIEW_ROWS + 1])
        return {
            "key": key,
            "title": title,
            "description": description,
            "rows": rows[:REVIEW_ROWS],
            "more": len(rows) > REVIEW_ROWS,
            "opts": queryset.model._meta,
            "verify": verify and model_admin.has_change_permission(request),
        }

    def review_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        days = settings.SSTRACKER_STALE_AFTER_DAYS
        stale_note = f"Never verified, or last verified more than {days} days ago."
        sections = [
            self._section(
                request,
                "overdue-targets",
                "Overdue targets",
                'Still "announced" although every day their date can mean has passed: '
                "update the status, or add the milestone or the later target.",
                review.overdue_targets(today),
                verify=True,
            ),
            self._section(
                request,
                "stale-events",
                "Stale events",
                stale_note,
                review.stale_events(today),
                verify=True,
            ),
            self._section(
                request,
                "stale-companies",
                "Stale companies",
                stale_note,
                review.stale_companies(today),
                verify=True,
            ),
            self._section(
                request,
                "unsourced-events",
                "Events without a source",
                "Every public claim needs a source.",
                review.unsourced_events(),
            ),
            self._section(
                request,
                "unsourced-companies",
                "Companies without a source",
                "Every public claim needs a source.",
                review.unsourced_companies(),
            ),
            self._section(
                request,
                "unsourced-partnerships",
                "Partnerships without a source",
                "Every public claim needs a source.",
                review.unsourced_partnerships(),
            ),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Review queue",
            "today": today,
            "sections": [section for section in sections if section is not None],
            "row_limit": REVIEW_ROWS,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/timeline/review_queue.html", context)

    def mark_verified_view(self, request, model_name, pk):
        model = self.verifiable_models.get(model_name)
        if model is None:
            raise Http404("Only companies and events have a verified date.")
        entry = get_object_or_404(model, pk=pk)
        if not self._admin_for(model).has_change_permission(request, entry):
            raise PermissionDenied
        review.entry_mark_verified(entry=entry, user=request.user, today=timezone.localdate())
        messages.success(request, f"“{entry}” is marked verified today.")
        return HttpResponseRedirect(reverse("admin:timeline_review"))

    def attention(self, request) -> list[Attention]:
        """The admin home's lines for events, and for the review queue as a whole."""
        today = timezone.localdate()
        events = review.event_counts(today)
        companies = review.company_counts(today)
        partnerships = review.partnership_counts()
        queue = reverse("admin:timeline_review")
        return [
            self.drafts_attention(events["drafts"]),
            Attention("Overdue targets", events["overdue"], f"{queue}#overdue-targets"),
            Attention("Stale events", events["stale"], f"{queue}#stale-events"),
            Attention("Stale companies", companies["stale"], f"{queue}#stale-companies"),
            Attention(
                "Entries without a source",
                events["unsourced"] + companies["unsourced"] + partnerships["unsourced"],
                f"{queue}#unsourced-events",
            ),
        ]


@admin.register(Event)
class EventAdmin(ReviewQueueMixin, PublishActionsMixin, TrackerAdmin):
    list_display = [
        "title",
        "date_display",
        "company_names",
        "kind",
        "stage",
        "chemistry",
        "status",
        "published",
        "last_verified",
    ]
    list_filter = ["kind", "stage", "chemistry", "status", "published", YearFilter]
    search_fields = ["title", "slug", "summary", "companies__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["companies", "sources", "supersedes", "fulfils"]
    readonly_fields = ["created", "updated"]
    ordering = ["date_start", "title"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "companies", "published", "last_verified"]}),
        ("When and what", {"fields": ["date", "kind", "stage", "chemistry"]}),
        (
            "Targets",
            {
                "fields": ["status", "announced", "supersedes", "fulfils"],
                "description": "A target is a public plan. When a plan moves, add a new "
                "target that supersedes the old one; when it happens, add a milestone "
                "that fulfils it.",
            },
        ),
        ("Text and evidence", {"fields": ["summary", "sources"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

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
