"""The "Report an error" form: three short fields, a size cap on each, and a spam trap."""

from django import forms

from .models import REPORT_MAX_LENGTH

HONEYPOT = "website"


class ReportForm(forms.Form):
    what_is_wrong = forms.CharField(
        label="What is wrong?",
        max_length=REPORT_MAX_LENGTH,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Which fact is wrong and what it should say (at most {REPORT_MAX_LENGTH} "
        "characters).",
    )
    source_url = forms.URLField(
        label="A source that says so",
        max_length=500,
        assume_scheme="https",
        help_text="The address of a page or document that shows the correct fact.",
    )
    email = forms.EmailField(
        label="Your e-mail (optional)",
        required=False,
        max_length=254,
        help_text="Only if you want an answer. It is never published.",
    )
    # Hidden from people by the stylesheet and from assistive technology; bots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def spam_trap_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())
