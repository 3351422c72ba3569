from django.urls import path

from . import views

app_name = "timeline"

urlpatterns = [
    path("timeline/", views.EventListView.as_view(), name="event-list"),
    # Before the event route, which would otherwise read "slips" as an event slug.
    path("timeline/slips/", views.SlipListView.as_view(), name="slip-list"),
    path("ladder/", views.LadderView.as_view(), name="ladder"),
    path("timeline/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path("challenges/", views.ChallengeListView.as_view(), name="challenge-list"),
    path("challenges/<slug:slug>/", views.ChallengeDetailView.as_view(), name="challenge-detail"),
]
