"""Site URLs. Public addresses are stable: people link to them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from editorial.admin import view_on_site

from . import calendar, feeds, health, sitemaps, views

admin.site.site_header = "sstracker editors"
admin.site.site_title = "sstracker admin"
admin.site.index_title = "Keep the tracker current"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name none, such as the admin's.
    path("favicon.ico", views.favicon),
    path("data/", views.data, name="data"),
    path("data/<slug:slug>.csv", views.data_csv, name="data-csv"),
    path("data/<slug:slug>.json", views.data_json, name="data-json"),
    path("feeds/events/", feeds.EventFeed(), name="event-feed"),
    path("feeds/companies/<slug:slug>/", feeds.CompanyEventFeed(), name="company-feed"),
    path("calendar.ics", calendar.calendar_ics, name="calendar"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("api/", include("api.urls")),
    path("", include("companies.urls")),
    path("", include("timeline.urls")),
    # Before the admin's own, at the same address: checks permissions before redirecting.
    path(
        f"{settings.ADMIN_URL}r/<int:content_type_id>/<path:object_id>/", view_on_site(admin.site)
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]
