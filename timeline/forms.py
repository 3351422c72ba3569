"""The event form of the admin: a changed date or stage of a published target asks what it is.

Editors change a target's date in place. When the target is public, the form asks whether the
change is a correction or a restatement, and for a restatement when the company announced the
new date and which source says so (see `timeline.services`).
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

from companies.forms import ScheduleFormMixin, VerifiedNeedsSourceMixin
from companies.models import Source
from fuzzydate.fields import FuzzyDateFormField

from .choices import DateChange
from .models import Event, Restatement
from .services import (
    NEEDS_A_KIND,
    RESTATEMENT_NEEDS_A_DAY,
    RESTATEMENT_NEEDS_A_SOURCE,
    PromisedTerms,
    date_change_needed,
)

DATE_CHANGE_FIELDS = ["date_change", "restated", "restatement_source"]


class DateChangeForm(forms.Form):
    """What a changed date or stage of a published target is, and for a restatement when the
    company announced it and which source says so. Used alone when a restore moves a target."""

    date_change = forms.ChoiceField(
        choices=DateChange.choices,
        widget=forms.RadioSelect,
        required=False,
        label="This new date or stage is a",
        help_text="Only asked when a published target's date or stage changes. A restatement "
        "keeps the earlier date on the target's page and counts as a slip; a correction does "
        "not.",
    )
    restated = FuzzyDateFormField(
        required=False,
        label="Restated on",
        help_text="Restatements: when the company announced the new date.",
    )
    restatement_source = forms.ModelChoiceField(
        queryset=Source.objects.all(),
        widget=AutocompleteSelect(Restatement._meta.get_field("source"), admin.site),
        required=False,
        label="Source of the restatement",
        help_text="Restatements: the source that reports the new date.",
    )

    def check_date_change(self, cleaned_data) -> None:
        kind = cleaned_data.get("date_change")
        if not kind:
            self.add_error("date_change", NEEDS_A_KIND)
        elif kind == DateChange.RESTATEMENT:
            if not cleaned_data.get("restated"):
                self.add_error("restated", RESTATEMENT_NEEDS_A_DAY)
            if not cleaned_data.get("restatement_source"):
                self.add_error("restatement_source", RESTATEMENT_NEEDS_A_SOURCE)

    def clean(self):
        cleaned_data = super().clean()
        self.check_date_change(cleaned_data)
        return cleaned_data

    def restatement_values(self) -> dict | None:
        """`restated` and `source` for `target_restate`, when a restatement was chosen."""
        if self.cleaned_data.get("date_change") != DateChange.RESTATEMENT:
            return None
        return {
            "restated": self.cleaned_data["restated"],
            "source": self.cleaned_data["restatement_source"],
        }


class EventAdminForm(ScheduleFormMixin, VerifiedNeedsSourceMixin, DateChangeForm, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "companies",
            "published",
            "publish_at",
            "last_verified",
            "date",
            "kind",
            "stage",
            "chemistry",
            "status",
            "announced",
            "supersedes",
            "fulfils",
            "summary",
            "sources",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance if self.instance.pk else None
        self.before = PromisedTerms.of(stored) if stored else None
        self.was_public_target = bool(stored and stored.published and stored.is_target)

    def clean(self):
        cleaned_data = forms.ModelForm.clean(self)
        self.check_verified_has_source(cleaned_data)
        self.check_schedule(cleaned_data)
        if self.needs_date_change(cleaned_data):
            self.check_date_change(cleaned_data)
        return cleaned_data

    def needs_date_change(self, cleaned_data=None) -> bool:
        cleaned_data = self.cleaned_data if cleaned_data is None else cleaned_data
        if self.before is None:
            return False
        after = PromisedTerms(cleaned_data.get("date"), cleaned_data.get("stage") or "")
        return date_change_needed(
            published=self.was_public_target, kind="target", before=self.before, after=after
        )

    def restatement(self) -> dict | None:
        """What `target_restate` needs when the editor chose a restatement, else None."""
        values = self.restatement_values() if self.needs_date_change() else None
        return {"earlier": self.before, **values} if values else None
