"""API addresses: `/api/` lists the endpoints; `/api/schema/` and `/api/docs/` describe them."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.APIRootView = views.ApiRootView
router.register("companies", views.CompanyViewSet, basename="company")
router.register("events", views.EventViewSet, basename="event")
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("challenges", views.ChallengeViewSet, basename="challenge")
router.register("sources", views.SourceViewSet, basename="source")
router.register("slips", views.SlipViewSet, basename="slip")
router.register("scorecards", views.ScorecardViewSet, basename="scorecard")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a script file rather than inline,
    # so the page works under a Content-Security-Policy without 'unsafe-inline' scripts.
    # It is a page, not an endpoint: OPTIONS would render its template without its context.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/swagger_ui.html",
            http_method_names=["get", "head"],
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
