from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("companies/", views.CompanyListView.as_view(), name="company-list"),
    # Before the profile route, which would otherwise read "scorecards" as a company slug.
    path("companies/scorecards/", views.ScorecardListView.as_view(), name="scorecard-list"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("partnerships/", views.PartnershipListView.as_view(), name="partnership-list"),
    path("sources/", views.SourceListView.as_view(), name="source-list"),
]
