"""Site URLs. Public addresses are stable: people link to them."""

from django.contrib import admin
from django.urls import include, path

from . import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    path("", include("companies.urls")),
    path("", include("timeline.urls")),
    path("admin/", admin.site.urls),
]
