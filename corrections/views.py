"""The public side of corrections: the "Report an error" form and the corrections log."""

from axes.helpers import get_client_ip_address
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from .entries import public_entry
from .forms import ReportForm
from .models import Correction
from .services import client_key, correction_report, reports_left

SPAM_MESSAGE = (
    "This report was not sent: the field marked “Leave this field empty” was filled in, "
    "which only automated senders do."
)
THROTTLED_MESSAGE = (
    "This report was not sent: too many reports came from your address in the last hour. "
    "Please try again later."
)


@never_cache
def report(request, kind, key):
    """GET shows the form; POST files a report or says why it did not, writing nothing."""
    reported = public_entry(kind, key)
    if reported is None:
        raise Http404("There is no public entry at this address to report.")
    if request.method != "POST":
        return render_form(request, reported, ReportForm())
    form = ReportForm(request.POST)
    if form.spam_trap_filled():
        return render_form(request, reported, form, status=400, refusal=SPAM_MESSAGE)
    address_key = client_key(get_client_ip_address(request))
    if reports_left(address_key) == 0:
        return render_form(request, reported, form, status=429, refusal=THROTTLED_MESSAGE)
    if not form.is_valid():
        return render_form(request, reported, form, status=400)
    correction_report(reported=reported, cleaned=form.cleaned_data, key=address_key)
    return redirect("corrections:sent")


def render_form(request, reported, form, *, status=200, refusal=""):
    return render(
        request,
        "corrections/report_form.html",
        {"reported": reported, "entry": reported.entry, "form": form, "refusal": refusal},
        status=status,
    )


class SentView(TemplateView):
    template_name = "corrections/report_sent.html"


class CorrectionListView(ListView):
    """`/corrections/`: accepted corrections, latest first, with what was corrected."""

    queryset = Correction.objects.accepted()
    template_name = "corrections/correction_list.html"
    context_object_name = "correction_list"
    paginate_by = 50
