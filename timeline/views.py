"""Public pages about events and technical challenges."""

from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from companies.views import (
    DraftPreviewMixin,
    FilteredListMixin,
    References,
    as_of_requested,
    render_as_of_problem,
)

from .as_of import AsOfError, filter_events, snapshot_for
from .chart import build_chart
from .filters import EventFilterSet
from .models import Challenge, Event, Horizon
from .slip_chart import build_slip_chart
from .slips import published_slips


class EventListView(FilteredListMixin, ListView):
    """The cheat sheet: filtered events by year, under a chart of the same events.

    The chart draws the events of the page the list shows, so it stays readable and quick
    however many events match; both read the same page of rows. With `?as_of=YYYY-MM-DD`
    the events are those published that day, as they read then, filtered by the same form.
    """

    filterset_class = EventFilterSet
    template_name = "timeline/event_list.html"
    context_object_name = "event_list"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        self.today = timezone.localdate()
        self.snapshot = None
        if as_of_requested(request):
            try:
                self.snapshot = snapshot_for(request.GET["as_of"], today=self.today)
            except AsOfError as error:
                return render_as_of_problem(request, str(error))
        return super().get(request, *args, **kwargs)

    def get_filter_queryset(self):
        return Event.objects.published().for_listing().chronological()

    def get_queryset(self):
        if self.snapshot is None:
            return super().get_queryset()
        # The form checks the values (and says what is wrong) as on today's page; the rows
        # come from history, so the checked values are applied to them here.
        self.filterset = self.filterset_class(
            self.request.GET, queryset=Event.objects.none(), request=self.request
        )
        if not self.filterset.is_valid():
            return []
        return filter_events(self.snapshot.events, self.filterset.form.cleaned_data)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        horizons = Horizon.objects.all()
        context["chart"] = build_chart(context["event_list"], horizons, today=self.today)
        context["snapshot"] = self.snapshot
        return context


class SlipListView(TemplateView):
    """`/timeline/slips/`: every public target that moved, largest slip first, with a chart."""

    template_name = "timeline/slip_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        promises = published_slips(today=today).moved()
        context.update(promises=promises, chart=build_slip_chart(promises, today=today))
        return context


class EventDetailView(DraftPreviewMixin, DetailView):
    queryset = Event.objects.for_listing().prefetch_related("challenges")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        fulfils = event.fulfils if event.fulfils and event.fulfils.published else None
        fulfilled_by = event.fulfilled_by.published() if event.is_target else []
        linked = Event.objects.published().linked_to([event])
        report = linked.slip_report(today=timezone.localdate())
        if event.is_target:
            promise = report.for_target(event)
        else:
            promise = next((p for p in report.promises if p.milestone == event), None)
        context.update(
            promise=promise,
            references=References(event.sources.all()),
            fulfils=fulfils,
            fulfilled_by=fulfilled_by,
        )
        return context


class ChallengeListView(ListView):
    queryset = Challenge.objects.for_listing()


class ChallengeDetailView(DetailView):
    queryset = Challenge.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["references"] = References()
        return context
