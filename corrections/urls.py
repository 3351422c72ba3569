from django.urls import path

from . import views

app_name = "corrections"

urlpatterns = [
    path("corrections/", views.CorrectionListView.as_view(), name="list"),
    path("corrections/report/<slug:kind>/<slug:key>/", views.report, name="report"),
    path("corrections/report/sent/", views.SentView.as_view(), name="sent"),
]
