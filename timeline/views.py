"""Public pages about events and technical challenges."""

from django.utils import timezone
from django.views.generic import DetailView, ListView

from companies.views import FilteredListMixin, References

from .chart import build_chart
from .filters import EventFilterSet
from .models import Challenge, Event, Horizon


class EventListView(FilteredListMixin, ListView):
    """The cheat sheet: filtered events by year, under a chart of the same events.

    The chart draws every matching event while the list shows one page of them; both read
    the one list of rows the filter set returns.
    """

    filterset_class = EventFilterSet
    template_name = "timeline/event_list.html"
    context_object_name = "event_list"
    paginate_by = 100

    def get_filter_queryset(self):
        return Event.objects.published().for_listing().chronological()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chart"] = build_chart(
            self.object_list, Horizon.objects.all(), today=timezone.localdate()
        )
        return context


class EventDetailView(DetailView):
    queryset = Event.objects.published().for_listing().prefetch_related("challenges")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        history = []
        if event.is_target:
            history = Event.objects.published().target_chains().get(event.pk, [])
        fulfils = event.fulfils if event.fulfils and event.fulfils.published else None
        fulfilled_by = event.fulfilled_by.published() if event.is_target else []
        context.update(
            references=References(event.sources.all()),
            target_history=history if len(history) > 1 else [],
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
