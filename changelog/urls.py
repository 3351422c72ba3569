"""Addresses of the changelog, and of each entry's public history beside its page."""

from django.urls import path

from companies.models import Company
from timeline.models import Challenge, Event

from . import feeds, views

app_name = "changes"

urlpatterns = [
    path("changes/", views.ChangeListView.as_view(), name="list"),
    path("changes/feed/", feeds.ChangeFeed(), name="feed"),
    path("changes.csv", views.change_csv, name="csv"),
    path(
        "timeline/<slug:slug>/history/",
        views.EntryHistoryView.as_view(entry_model=Event),
        name="event-history",
    ),
    path(
        "companies/<slug:slug>/history/",
        views.EntryHistoryView.as_view(entry_model=Company),
        name="company-history",
    ),
    path(
        "challenges/<slug:slug>/history/",
        views.EntryHistoryView.as_view(entry_model=Challenge),
        name="challenge-history",
    ),
]
