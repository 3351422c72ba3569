"""Public pages about events and technical challenges."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from pagecache import fragment_version
from pagekit.views import DraftPreviewMixin, FilteredListMixin, References

from .as_of import AsOfError, past_day_for
from .chart import build_chart
from .choices import SCALE
from .filters import EventFilterSet, LadderFilterSet
from .ladder_chart import build_ladder_chart
from .models import Challenge, Event, Horizon, PromiseSummary, Standing
from .slip_chart import build_slip_chart
from .slip_report import attach_promises, slip_report


def as_of_requested(request) -> bool:
    return "as_of" in request.GET


def render_as_of_problem(request, message: str):
    """A plain page saying why the requested day cannot be shown, with a way back."""
    return render(request, "as_of_problem.html", {"message": message}, status=400)


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
        self.past_day = None
        if as_of_requested(request):
            try:
                self.past_day = past_day_for(request.GET["as_of"], today=self.today)
            except AsOfError as error:
                return render_as_of_problem(request, str(error))
        return super().get(request, *args, **kwargs)

    def get_filter_queryset(self):
        return Event.objects.public().by_year_span()

    def get_queryset(self):
        if self.past_day is None:
            return super().get_queryset()
        # The same filter set checks the values (and says what is wrong) as on today's page,
        # then applies its own filter definitions to the rows of that day, rebuilt from history.
        self.filterset = self.filterset_class(
            self.request.GET, queryset=Event.objects.none(), request=self.request
        )
        if not self.filterset.is_valid():
            return []
        rows = self.filterset.filter_rows(self.past_day.live_events)
        return sorted(rows, key=lambda e: (e.year_span, e.date.sort_key, e.title, e.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = context["event_list"]
        if self.past_day is None:
            attach_promises(events, today=self.today)
        else:
            report = self.past_day.slip_report()
            for event in events:
                event.promise = report.for_target(event) if event.is_target else None
        earlier_dates = {
            event.pk: [step.date for step in event.promise.earlier_steps]
            for event in events
            if getattr(event, "promise", None) and event.promise.current.pk == event.pk
        }
        # Drawn only when the page's chart is not in the fragment cache (see the template).
        context["chart"] = SimpleLazyObject(
            lambda: build_chart(
                events, Horizon.objects.all(), today=self.today, earlier_dates=earlier_dates
            )
        )
        context["past_day"] = self.past_day
        context["fragment_version"] = fragment_version(
            self.today, self.past_day.day if self.past_day else ""
        )
        return context


class SlipListView(ListView):
    """`/timeline/slips/`: every public target that moved, largest slip first, with a chart
    of the page's rows. Reads the kept promise summaries (`PromiseSummary`)."""

    template_name = "timeline/slip_list.html"
    context_object_name = "promises"
    paginate_by = 50

    def get_queryset(self):
        self.today = timezone.localdate()
        return PromiseSummary.objects.for_listing().moved(self.today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        promises = context["promises"]
        for promise in promises:
            promise.today = self.today
        context.update(
            chart=build_slip_chart(promises, today=self.today),
            total=context["paginator"].count if context.get("paginator") else len(promises),
        )
        return context


class EventDetailView(DraftPreviewMixin, DetailView):
    queryset = Event.objects.for_listing().prefetch_related("challenges")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        fulfils = event.fulfils if event.fulfils and event.fulfils.is_public else None
        fulfilled_by = event.fulfilled_by.published() if event.is_target else []
        report = slip_report(
            Event.objects.published().linked_to([event]), today=timezone.localdate()
        )
        if event.is_target:
            promise = report.for_target(event)
        else:
            promise = next((p for p in report.promises if p.milestone == event), None)
        context.update(
            promise=promise,
            replaced_by=event.superseded_by.published().first() if event.is_target else None,
            references=References(event.sources.all()),
            fulfils=fulfils,
            fulfilled_by=fulfilled_by,
        )
        return context


class LadderView(FilteredListMixin, ListView):
    """`/ladder/`: when can I buy one? Each company's furthest stage shown and its current
    target on one scale (see `timeline.ladder`), filtered by chemistry and role; the rows are
    the companies' standings, kept current on every write."""

    filterset_class = LadderFilterSet
    template_name = "timeline/ladder.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_filter_queryset(self):
        return Standing.objects.for_ladder()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(chart=build_ladder_chart(context["rows"]), scale=SCALE)
        return context


class ChallengeListView(ListView):
    queryset = Challenge.objects.for_listing()


class ChallengeDetailView(DetailView):
    queryset = Challenge.objects.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["references"] = References()
        return context
