"""The query parameters each public page reads, by URL name: what the page cache may key on.

The page cache (`pagecache`) stores a response only when every parameter in its address is
one its page reads, so `/sources/?x=<random>` is rendered but never fills the cache. A page
missing here is still served; it is only not cached when its address has a query string.
The names come from the FilterSets, paginators and serializers the views themselves use.
"""

from rest_framework.settings import api_settings

from api.pagination import StablePageNumberPagination
from api.views import ScorecardViewSet, SlipViewSet
from changelog.filters import ChangeFilterSet
from companies.filters import CompanyFilterSet
from timeline.filters import EventFilterSet

PAGE = "page"  # Django's paginated list views
AS_OF = "as_of"  # the tracker as of a past day


def api_list(*names) -> frozenset[str]:
    paginator = StablePageNumberPagination
    return frozenset(
        {
            paginator.page_query_param,
            paginator.page_size_query_param,
            api_settings.URL_FORMAT_OVERRIDE,
            *names,
        }
    )


def query_parameters() -> dict[str, frozenset[str]]:
    api_detail = frozenset({api_settings.URL_FORMAT_OVERRIDE})
    return {
        "search": frozenset({"q"}),
        "django.contrib.sitemaps.views.sitemap": frozenset({"p"}),
        "timeline:event-list": frozenset({*EventFilterSet.base_filters, PAGE, AS_OF}),
        "companies:company-list": frozenset(CompanyFilterSet.base_filters),
        "companies:company-detail": frozenset({AS_OF}),
        "companies:partnership-list": frozenset({PAGE}),
        "companies:source-list": frozenset({PAGE}),
        "changes:list": frozenset({*ChangeFilterSet.base_filters, PAGE}),
        "changes:csv": frozenset(ChangeFilterSet.base_filters),
        "changes:event-history": frozenset({PAGE}),
        "changes:company-history": frozenset({PAGE}),
        "changes:challenge-history": frozenset({PAGE}),
        "corrections:list": frozenset({PAGE}),
        "api:api-root": api_detail,
        "api:schema": frozenset({"format", "lang", "version"}),
        "api:docs": frozenset({"script", "lang", "version"}),
        "api:event-list": api_list(*EventFilterSet.base_filters),
        "api:company-list": api_list(*CompanyFilterSet.base_filters),
        "api:partnership-list": api_list(),
        "api:challenge-list": api_list(),
        "api:source-list": api_list(),
        "api:slip-list": api_list(*SlipViewSet.query_serializer_class().fields),
        "api:scorecard-list": api_list(*ScorecardViewSet.query_serializer_class().fields),
        "api:event-detail": api_detail,
        "api:company-detail": api_detail,
        "api:partnership-detail": api_detail,
        "api:challenge-detail": api_detail,
        "api:source-detail": api_detail,
    }
