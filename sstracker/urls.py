"""Site URLs. Public addresses are stable: people link to them."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import index as sitemap_index
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from companies import urls as companies_urls
from editorial.admin import view_on_site

from . import calendar, company_pages, feeds, health, methodology, sitemaps, views

admin.site.site_header = "sstracker editors"
admin.site.site_title = "sstracker admin"
admin.site.index_title = "Keep the tracker current"

# The `companies` namespace: the pages of the companies app and, from this project, the company
# pages that draw on the timeline too. "scorecards" comes before the profile route, which would
# otherwise read it as a company slug.
company_patterns = [
    path("companies/", company_pages.CompanyListView.as_view(), name="company-list"),
    path(
        "companies/scorecards/",
        company_pages.ScorecardListView.as_view(),
        name="scorecard-list",
    ),
    path(
        "companies/<slug:slug>/",
        company_pages.CompanyDetailView.as_view(),
        name="company-detail",
    ),
    path("sources/", company_pages.SourceListView.as_view(), name="source-list"),
    *companies_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("methodology/", methodology.methodology, name="methodology"),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name none, such as the admin's.
    path("favicon.ico", views.favicon),
    path("data/", views.data, name="data"),
    path("data/<slug:slug>.csv", views.data_csv, name="data-csv"),
    path("data/<slug:slug>.json", views.data_json, name="data-json"),
    path("data/releases/<slug:name>/", views.data_release, name="data-release"),
    path("feeds/events/", feeds.EventFeed(), name="event-feed"),
    path("feeds/companies/<slug:slug>/", feeds.CompanyEventFeed(), name="company-feed"),
    path("calendar.ics", calendar.calendar_ics, name="calendar"),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("api/", include("api.urls")),
    path("", include("changelog.urls")),
    path("", include("corrections.urls")),
    path("", include((company_patterns, "companies"))),
    path("", include("timeline.urls")),
    # Before the admin's own, at the same address: checks permissions before redirecting.
    path(
        f"{settings.ADMIN_URL}r/<int:content_type_id>/<path:object_id>/", view_on_site(admin.site)
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]
