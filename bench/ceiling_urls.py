"""The site's URLs plus a trivial view: the ceiling that `bench/pages.py` compares pages with.

Used only by the benchmark (DJANGO_ROOT_URLCONF=bench.ceiling_urls).
"""

from django.http import HttpResponse
from django.urls import path
from django.utils.cache import patch_cache_control

from sstracker.urls import urlpatterns as site_urlpatterns

# About the size of a rendered timeline page, so both move the same bytes.
FIXED_PAGE = (
    b"<!doctype html><html lang=en><title>ceiling</title><body>"
    + b"<p>" + b"solid-state " * 4000 + b"</p></body></html>"
)  # fmt: skip


def ceiling(request):
    response = HttpResponse(FIXED_PAGE)
    patch_cache_control(response, no_store=True)  # measured the same way, cache on or off
    return response


urlpatterns = [path("__ceiling__/", ceiling), *site_urlpatterns]
