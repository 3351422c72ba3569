"""Site-wide pages: home and search."""

from django.shortcuts import render

from timeline.models import Briefing, Event, Horizon


def home(request):
    events = Event.objects.published().for_listing()
    return render(
        request,
        "home.html",
        {
            "briefings": Briefing.objects.all(),
            "horizons": Horizon.objects.all(),
            "milestones": events.milestones().order_by("-date_start")[:6],
            "targets": events.targets().chronological()[:6],
        },
    )


def search(request):
    return render(request, "search.html", {"query": request.GET.get("q", "")})
