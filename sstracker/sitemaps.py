"""What search engines are told: `sitemap.xml` lists every public page, `robots.txt` the rest.

`sitemap.xml` is an index of sections (`sitemap-events.xml?p=2`), each at most `PAGE_SIZE`
addresses, so no request renders tens of thousands of entries. Drafts are not in the
sitemap. Past views (`?as_of=`), search results and the API are kept out of crawlers' way:
they would only repeat the pages listed here.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from companies.models import Company
from timeline.models import Challenge, Event

LIST_PAGES = [
    "home",
    "timeline:event-list",
    "companies:company-list",
    "companies:partnership-list",
    "timeline:challenge-list",
    "companies:source-list",
    "companies:scorecard-list",
    "timeline:slip-list",
    "data",
    "methodology",
    "changes:list",
    "corrections:list",
]


class ListPageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return LIST_PAGES

    def location(self, item):
        return reverse(item)


PAGE_SIZE = 200


class UpdatedSitemap(Sitemap):
    """Entries dated by their `updated` time; the index asks the database for the latest
    instead of reading every entry."""

    changefreq = "weekly"
    limit = PAGE_SIZE

    def lastmod(self, item):
        return item.updated

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated"))["latest"]


class CompanySitemap(UpdatedSitemap):
    def items(self):
        return Company.objects.published().order_by("pk").only("slug", "updated")


class EventSitemap(UpdatedSitemap):
    def items(self):
        return Event.objects.published().order_by("pk").only("slug", "updated")


class ChallengeSitemap(Sitemap):
    changefreq = "monthly"
    limit = PAGE_SIZE

    def items(self):
        return Challenge.objects.order_by("pk")


SITEMAPS = {
    "pages": ListPageSitemap,
    "companies": CompanySitemap,
    "events": EventSitemap,
    "challenges": ChallengeSitemap,
}

ROBOTS = """\
User-agent: *
Disallow: /api/
Disallow: /search/
Disallow: /*?as_of=
Disallow: /*&as_of=

Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
