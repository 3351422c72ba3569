"""The editors' queue of reader reports: filter by status, read, note, accept or reject."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from .models import Correction, Status
from .services import corrections_accept, corrections_reject


class CorrectionForm(forms.ModelForm):
    class Meta:
        model = Correction
        fields = ["status", "correction", "editor_note"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Status.ACCEPTED and not (cleaned.get("correction") or "").strip():
            self.add_error("correction", "Say what was corrected before accepting the report.")
        if status and status != Status.NEW and "status" in self.changed_data:
            self.instance.decided = timezone.now()
        return cleaned


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    form = CorrectionForm
    list_display = ["created", "entry_label", "entry_kind", "status", "decided"]
    list_filter = ["status", "entry_kind"]
    search_fields = ["entry_label", "what_is_wrong", "correction"]
    date_hierarchy = "created"
    actions = ["accept", "reject"]
    readonly_fields = [
        "entry",
        "entry_kind",
        "what_is_wrong",
        "source_link",
        "email",
        "created",
        "decided",
    ]
    fieldsets = [
        ("The report", {"fields": readonly_fields}),
        ("Decision", {"fields": ["status", "correction", "editor_note"]}),
    ]

    def has_add_permission(self, request):
        return False  # reports come from readers

    @admin.display(description="entry")
    def entry(self, correction):
        return format_html('<a href="{}">{}</a>', correction.entry_url, correction.entry_label)

    @admin.display(description="source")
    def source_link(self, correction):
        return format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a>',
            correction.source_url,
            correction.source_url,
        )

    @admin.action(description="Accept selected reports (those that say what was corrected)")
    def accept(self, request, queryset):
        accepted, left = corrections_accept(queryset)
        self.message_user(request, f"Accepted {accepted} report(s).", messages.SUCCESS)
        if left:
            self.message_user(
                request,
                f"{left} report(s) left as they were: open each and fill in "
                "“What was corrected” first.",
                messages.WARNING,
            )

    @admin.action(description="Reject selected reports")
    def reject(self, request, queryset):
        rejected = corrections_reject(queryset)
        self.message_user(request, f"Rejected {rejected} report(s).", messages.SUCCESS)
