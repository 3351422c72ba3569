"""Admin for companies, partnerships and sources, and the base class every editor page shares."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from editorial.admin import Attention, EditorialAdmin
from editorial.locking import EditConflictInlineMixin

from .forms import CompanyAdminForm
from .models import Company, Partnership, Source


class TrackerAdmin(EditorialAdmin):
    """Every content admin: history to compare and restore, deleted entries, no lost edits,
    and short list pages an editor can scan (see `editorial.admin`)."""

    list_per_page = 50
    save_on_top = True


class PublicationFilter(admin.SimpleListFilter):
    """Public now, scheduled (with its time still to come) or draft."""

    title = "publication"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [("public", "Public"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        match self.value():
            case "public":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled().order_by("publish_at")
            case "draft":
                return queryset.filter(published=False, publish_at__isnull=True)
        return queryset


class PublishActionsMixin:
    """List actions to publish and unpublish entries in one go, and a save message that says
    whether the entry is public or a draft, with a link to its page or its preview."""

    actions = ["publish", "unpublish"]

    @admin.display(description="publication", ordering="publish_at")
    def publication(self, obj) -> str:
        """Public, or when a scheduled entry goes public, or draft."""
        if obj.is_public:
            return "Public"
        if obj.publish_at:
            return f"Scheduled: {timezone.localtime(obj.publish_at):%d %b %Y %H:%M}"
        return "Draft"

    def publication_message(self, request, obj) -> None:
        url = obj.get_absolute_url()
        if obj.is_public:
            text = format_html('“{}” is public: <a href="{}">see its page</a>.', obj, url)
            self.message_user(request, text, messages.SUCCESS)
            return
        if obj.publish_at:
            text = format_html(
                "“{}” is scheduled: it goes public on {} by itself. Until then readers cannot "
                'see it; <a href="{}">preview its page</a>.',
                obj,
                f"{timezone.localtime(obj.publish_at):%d %b %Y at %H:%M}",
                url,
            )
            self.message_user(request, text, messages.INFO)
            return
        text = format_html(
            '“{}” is a draft: readers cannot see it. <a href="{}">Preview its page</a> '
            "(only editors see a draft).",
            obj,
            url,
        )
        self.message_user(request, text, messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        if "_popup" not in request.POST:
            self.publication_message(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        if "_popup" not in request.POST and "_saveasnew" not in request.POST:
            self.publication_message(request, obj)
        return response

    def _set_published(self, request, queryset, value: bool):
        """First a page listing what would change (draft → public, or back); then, on its
        confirming POST, one history record per entry changed."""
        if request.POST.get("post") != "yes":
            return self._publish_confirmation(request, queryset, value)
        changed = 0
        for entry in queryset.filter(published=not value):
            entry.published = value
            entry.save(update_fields=["published", "updated"])  # one history record each
            changed += 1
        state = "published" if value else "unpublished (now drafts)"
        self.message_user(request, f"{changed} {state}.", messages.SUCCESS)

    def _publish_confirmation(self, request, queryset, value: bool):
        entries = list(queryset)
        changing = [entry for entry in entries if entry.published != value]
        words = ("draft", "public") if value else ("public", "draft")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{'Publish' if value else 'Unpublish'} {len(changing)} "
            f"{self.opts.verbose_name if len(changing) == 1 else self.opts.verbose_name_plural}?",
            "action": request.POST.get("action", "publish" if value else "unpublish"),
            "changing": changing,
            "unchanged": [entry for entry in entries if entry.published == value],
            "before": words[0],
            "after": words[1],
            "selected": [entry.pk for entry in entries],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publish_confirmation.html", context)

    @admin.action(description="Publish selected entries", permissions=["change"])
    def publish(self, request, queryset):
        return self._set_published(request, queryset, True)

    @admin.action(description="Unpublish selected entries (make drafts)", permissions=["change"])
    def unpublish(self, request, queryset):
        return self._set_published(request, queryset, False)

    def drafts_attention(self, count: int) -> Attention:
        """The admin home's line for this model's drafts, linked to the filtered list."""
        opts = self.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return Attention(
            f"Draft {opts.verbose_name_plural}", count, f"{url}?published__exact=0", urgent=False
        )

    def scheduled_attention(self) -> Attention:
        """The admin home's line for entries waiting for their publish time."""
        opts = self.opts
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        count = self.model.objects.scheduled().count()
        label = f"Scheduled {opts.verbose_name_plural}"
        return Attention(label, count, f"{url}?publication=scheduled", urgent=False)

    def attention(self, request) -> list[Attention]:
        drafts = self.model.objects.filter(published=False).count()
        return [self.drafts_attention(drafts), self.scheduled_attention()]


@admin.register(Source)
class SourceAdmin(TrackerAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "accessed", "citations"]
    list_filter = ["kind"]
    search_fields = ["title", "url", "publisher"]
    readonly_fields = ["created", "updated"]
    fields = [
        "url",
        "title",
        "publisher",
        "kind",
        "published_on",
        "accessed",
        "archive_url",
        "created",
        "updated",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                citation_count=Count("companies", distinct=True)
                + Count("events", distinct=True)
                + Count("partnerships", distinct=True)
            )
        )

    @admin.display(description="Cited by", ordering="citation_count")
    def citations(self, source):
        return source.citation_count


class PartnershipAsDeveloperInline(EditConflictInlineMixin, admin.TabularInline):
    model = Partnership
    fk_name = "developer"
    extra = 0
    fields = ["partner", "kind", "status", "started", "ended", "summary"]
    autocomplete_fields = ["partner"]
    verbose_name = "partnership (this company develops the cells)"
    verbose_name_plural = "partnerships where this company develops the cells"


class PartnershipAsPartnerInline(PartnershipAsDeveloperInline):
    fk_name = "partner"
    fields = ["developer", "kind", "status", "started", "ended", "summary"]
    autocomplete_fields = ["developer"]
    verbose_name = "partnership (this company is the partner)"
    verbose_name_plural = "partnerships where this company is the partner"


@admin.register(Company)
class CompanyAdmin(PublishActionsMixin, TrackerAdmin):
    form = CompanyAdminForm
    list_display = ["name", "role", "electrolyte", "country", "publication", "last_verified"]
    list_filter = ["role", "electrolyte", PublicationFilter, "published", "country"]
    search_fields = ["name", "slug", "technology", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sources"]
    readonly_fields = ["created", "updated"]
    inlines = [PartnershipAsDeveloperInline, PartnershipAsPartnerInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "published", "publish_at", "last_verified"]}),
        ("Approach", {"fields": ["technology", "electrolyte", "country", "website"]}),
        ("Text", {"fields": ["summary", "description"]}),
        ("Evidence", {"fields": ["sources"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]


@admin.register(Partnership)
class PartnershipAdmin(TrackerAdmin):
    list_display = ["__str__", "developer", "partner", "kind", "status", "started", "ended"]
    list_filter = ["kind", "status"]
    list_select_related = ["developer", "partner"]
    search_fields = ["developer__name", "partner__name", "summary"]
    autocomplete_fields = ["developer", "partner", "sources"]
    readonly_fields = ["created", "updated"]
