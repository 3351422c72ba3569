"""The upload form: one CSV file, refused before it is read if it is too large."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, comma separated, with a header row. Nothing is written until you "
        "confirm the preview.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.SSTRACKER_CSV_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(limit)}. Split it into smaller files."
            )
        return upload
