"""Admin forms for companies, and the check every verifiable entry's form shares."""

from django import forms

from .models import Company
from .rules import verified_without_source_message


class VerifiedNeedsSourceMixin:
    """A ModelForm part: a newly entered "last verified" date needs at least one source."""

    def check_verified_has_source(self, cleaned_data: dict) -> None:
        newly_verified = "last_verified" in self.changed_data and cleaned_data.get("last_verified")
        if newly_verified and "sources" in self.fields and not cleaned_data.get("sources"):
            self.add_error("last_verified", verified_without_source_message())


class CompanyAdminForm(VerifiedNeedsSourceMixin, forms.ModelForm):
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
        return cleaned_data
