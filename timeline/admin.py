"""Admin for events, outlook bands, challenges and home-page briefings."""

from django.contrib import admin
from django.db.models.functions import ExtractYear

from companies.admin import PublishActionsMixin, TrackerAdmin

from .models import Briefing, Challenge, Event, Horizon


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
        if value and value.isdigit():
            return queryset.filter(date_start__year=int(value))
        return queryset


@admin.register(Event)
class EventAdmin(PublishActionsMixin, TrackerAdmin):
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
