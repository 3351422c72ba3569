"""Public pages about events and technical challenges."""

from django.views.generic import DetailView, ListView

from .models import Challenge, Event


class EventListView(ListView):
    queryset = Event.objects.published().for_listing()


class EventDetailView(DetailView):
    queryset = Event.objects.published().for_listing()


class ChallengeListView(ListView):
    queryset = Challenge.objects.for_listing()


class ChallengeDetailView(DetailView):
    queryset = Challenge.objects.for_listing()
