"""Readers get compressed pages, kept compressed once; secrets-bearing pages never are."""

import gzip

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from pagecache.compression import accepts_gzip, is_compressible
from pagecache.keys import page_key

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
PAGES = {
    "/timeline/": "text/html",
    "/api/events/": "application/json",
    "/data/events.csv": "text/csv",
    "/feeds/events/": "application/atom+xml",
    "/calendar.ics": "text/calendar",
    "/sitemap.xml": "application/xml",
    "/api/schema/?format=json": "application/vnd.oai.openapi+json",
}


@pytest.mark.parametrize("cache_seconds", [0, 600])
@pytest.mark.parametrize("path", PAGES)
def test_each_kind_of_response_is_gzipped_for_clients_that_accept_it(
    client, snapshot, settings, path, cache_seconds
):
    settings.PAGECACHE_SECONDS = cache_seconds
    plain = client.get(path)
    compressed = client.get(path, **GZIP)

    assert compressed["Content-Type"].startswith(PAGES[path])
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in compressed["Vary"]


def test_the_cache_keeps_one_compressed_copy_and_serves_it_as_it_is(client, snapshot, settings):
    settings.PAGECACHE_SECONDS = 600
    first = client.get("/timeline/", **GZIP)
    stored = client.get("/timeline/")  # a client without gzip: the same stored copy
    again = client.get("/timeline/", **GZIP)

    assert (first["X-Page-Cache"], stored["X-Page-Cache"]) == ("miss", "hit")
    entry = cache.get(page_key("http://testserver/timeline/")).page
    assert entry.compressed and entry.body == again.content == first.content
    assert gzip.decompress(entry.body) == stored.content


def test_a_compressed_page_answers_a_revalidation_with_304(client, snapshot, settings):
    settings.PAGECACHE_SECONDS = 600
    first = client.get("/timeline/", **GZIP)
    assert first["ETag"].startswith('W/"')
    again = client.get("/timeline/", HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304


def test_clients_that_refuse_gzip_get_the_plain_page(client, snapshot):
    response = client.get("/timeline/", HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in response
    assert response.content.lstrip().lower().startswith(b"<!doctype html>")


def test_editors_and_the_admin_are_never_compressed(editor_client, snapshot):
    assert "Content-Encoding" not in editor_client.get("/timeline/", **GZIP)
    assert "Content-Encoding" not in editor_client.get("/admin/", **GZIP)
    editor_client.logout()
    login = editor_client.get("/admin/login/", **GZIP)
    assert b"csrfmiddlewaretoken" in login.content
    assert "Content-Encoding" not in login


def test_a_page_that_carries_a_csrf_token_is_not_compressed():
    request = RequestFactory().get("/", **GZIP)
    response = HttpResponse("<form>" + "x" * 1000 + "</form>")
    assert is_compressible(request, response)
    get_token(request)  # what {% csrf_token %} does while the page renders
    assert not is_compressible(request, response)


@pytest.mark.parametrize(
    "header,accepted",
    [
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("GZIP", True),
        ("*", True),
        ("gzip;q=0", False),
        ("*;q=0", False),
        ("br, deflate", False),
        ("", False),
        ("gzip;q=abc", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, accepted):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header)
    assert accepts_gzip(request) is accepted
