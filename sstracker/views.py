"""Site-wide pages: home, search and the open data downloads."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from companies.models import Company
from pagecache import fragment_version
from timeline.models import Briefing, Event, Horizon, Standing
from timeline.search import search_entries
from timeline.slip_report import attach_promises

from . import open_data
from .models import Release

LATEST_COUNT = 6
BAND_EVENTS = 6  # events listed under each outlook band; the rest are a link away
LADDER_ROWS = 12  # companies of the ladder shown on the home page
SEARCH_LIMIT = 30
SEARCH_MAX_LENGTH = 100


def home(request):
    """The front page. Its body is rendered once per content version and day (the fragment
    cache in `home.html`), so every value is lazy: worked out only when it is rendered."""
    today = timezone.localdate()
    events = Event.objects.public()

    def upcoming_targets():
        targets = list(events.targets().upcoming(today).chronological()[:LATEST_COUNT])
        attach_promises(targets, today=today)
        return targets

    ladder = SimpleLazyObject(lambda: list(Standing.objects.for_ladder()[: LADDER_ROWS + 1]))
    return render(
        request,
        "home.html",
        {
            "briefings": Briefing.objects.all(),
            "horizons": SimpleLazyObject(lambda: outlook_bands(events)),
            "milestones": events.milestones().order_by("-date_start", "-date_end")[:LATEST_COUNT],
            "targets": SimpleLazyObject(upcoming_targets),
            "ladder": SimpleLazyObject(lambda: ladder[:LADDER_ROWS]),
            "ladder_more": SimpleLazyObject(lambda: len(ladder) > LADDER_ROWS),
            "company_count": SimpleLazyObject(lambda: Company.objects.published().count()),
            "fragment_version": fragment_version(today),
        },
    )


def outlook_bands(events) -> list[Horizon]:
    """The outlook bands, each with the public events whose dates overlap its years."""
    horizons = list(Horizon.objects.all())
    for horizon in horizons:
        overlapping = events.overlapping(horizon.first_year, horizon.last_year)
        listed = list(overlapping.order_by("date_start", "date_end", "title")[: BAND_EVENTS + 1])
        horizon.overlapping = listed[:BAND_EVENTS]
        horizon.overlapping_more = len(listed) > BAND_EVENTS
        horizon.overlapping_count = overlapping.count() if horizon.overlapping_more else len(listed)
    return horizons


def search(request):
    """Public entries matching every word of the query, best first (`timeline.search`)."""
    # A NUL character cannot be stored or searched for (PostgreSQL refuses it): drop it.
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())
    too_long = len(query) > SEARCH_MAX_LENGTH
    results = None
    if query and not too_long:
        results = search_entries(query, limit=SEARCH_LIMIT)
    return render(
        request,
        "search.html",
        {
            "query": query,
            "too_long": too_long,
            "max_length": SEARCH_MAX_LENGTH,
            "results": results,
            "limit": SEARCH_LIMIT,
        },
    )


def data(request):
    """`/data/`: every public dataset as CSV and JSON, with the licence and how to cite."""
    return render(
        request,
        "data.html",
        {
            "datasets": open_data.DATASETS,
            "licence_name": open_data.LICENCE_NAME,
            "licence_url": open_data.LICENCE_URL,
            "today": timezone.localdate(),
            "releases": Release.objects.listed(),
        },
    )


def data_release(request, name):
    """A citable release: the same stored bytes on every download."""
    release = Release.objects.filter(name=name).first()
    if release is None:
        raise Http404("There is no release of that name.")
    response = HttpResponse(bytes(release.archive), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{release.filename}"'
    response["ETag"] = f'"{release.sha256}"'
    return response


def data_csv(request, slug):
    dataset = open_data.BY_SLUG.get(slug)
    if dataset is None or dataset.resource is None:
        raise Http404("There is no CSV file of that name.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.csv_filename}"'
    open_data.write_csv(dataset, response)
    return response


def data_json(request, slug):
    dataset = open_data.BY_SLUG.get(slug)
    if dataset is None:
        raise Http404("There is no dataset of that name.")
    response = JsonResponse(
        open_data.json_document(dataset, request=request), json_dumps_params={"indent": 1}
    )
    response["Content-Disposition"] = f'inline; filename="{dataset.json_filename}"'
    return response


def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return redirect(static("favicon.svg"), permanent=True)
