"""Admin forms for companies, and the check every verifiable entry's form shares."""

from django import forms
from django.utils import timezone

from .models import Company
from .rules import verified_without_source_message


class VerifiedNeedsSourceMixin:
    """A ModelForm part: a newly entered "last verified" date needs at least one source."""

    def check_verified_has_source(self, cleaned_data: dict) -> None:
        newly_verified = "last_verified" in self.changed_data and cleaned_data.get("last_verified")
        if newly_verified and "sources" in self.fields and not cleaned_data.get("sources"):
            self.add_error("last_verified", verified_without_source_message())


class ScheduleFormMixin:
    """A ModelForm part: a publish time to come is for a draft; a published entry is public."""

    def check_schedule(self, cleaned_data: dict) -> None:
        publish_at = cleaned_data.get("publish_at")
        if cleaned_data.get("published") and publish_at and publish_at > timezone.now():
            self.add_error(
                "publish_at",
                "This entry is ticked Published, so it is public now. To publish it at this "
                "time instead, untick Published; or clear the time.",
            )


class CompanyAdminForm(ScheduleFormMixin, VerifiedNeedsSourceMixin, forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "name",
            "slug",
            "role",
            "published",
            "publish_at",
            "last_verified",
            "technology",
            "electrolyte",
            "country",
            "website",
            "summary",
            "description",
            "sources",
        ]

    def clean(self):
        cleaned_data = super().clean()
        self.check_verified_has_source(cleaned_data)
        self.check_schedule(cleaned_data)
        return cleaned_data
