"""What the page cache keys on: known parameters only, in any order, the scheme, and Vary."""

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client

from pagecache import VERSION_KEY, content_version
from pagecache.keys import MAX_VARIANTS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGECACHE_SECONDS = 600


def cached_keys() -> int:
    """How many page cache entries the cache holds, in memory or in Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=False)
        return len(client.keys(backend.make_key("pagecache:*")))
    return len(backend._cache)


@pytest.mark.parametrize("path", ["/sources/", "/search/", "/api/sources/", "/timeline/"])
def test_unknown_query_parameters_make_no_cache_entries(client, snapshot, path):
    client.get(path)
    before = cached_keys()
    for n in range(20):
        response = client.get(f"{path}?x={n}-random")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response  # served fresh, not kept
    assert cached_keys() == before


def test_known_parameters_are_cached_in_any_order(client, snapshot):
    first = client.get("/timeline/?kind=target&chemistry=all_solid")
    assert first["X-Page-Cache"] == "miss"
    again = client.get("/timeline/?chemistry=all_solid&kind=target")
    assert again["X-Page-Cache"] == "hit"
    assert client.get("/sources/?page=1")["X-Page-Cache"] == "miss"
    assert client.get("/api/events/?company=catl&page_size=5")["X-Page-Cache"] == "miss"


def test_the_scheme_is_part_of_the_key(client, snapshot):
    secure = client.get("/feeds/events/", secure=True)
    assert b"https://testserver/" in secure.content
    plain = client.get("/feeds/events/", secure=False)
    assert plain["X-Page-Cache"] == "miss"
    assert b"http://testserver/" in plain.content and b"https://" not in plain.content


def test_the_api_schema_is_negotiated_correctly_through_the_cache(client):
    def schema(accept):
        return client.get("/api/schema/", HTTP_ACCEPT=accept)

    yaml, json = schema("application/vnd.oai.openapi"), schema("application/json")
    assert (yaml["X-Page-Cache"], json["X-Page-Cache"]) == ("miss", "miss")
    for _ in range(2):
        yaml_again, json_again = schema("application/vnd.oai.openapi"), schema("application/json")
        assert yaml_again["X-Page-Cache"] == json_again["X-Page-Cache"] == "hit"
        assert yaml_again["Content-Type"].startswith("application/vnd.oai.openapi")
        assert yaml_again.content.startswith(b"openapi:")
        assert json_again["Content-Type"] == "application/json"
        assert json_again.json()["openapi"]
    assert client.get("/api/schema/?format=json").content.startswith(b"{")


def test_a_header_the_page_varies_on_keeps_a_bounded_number_of_copies(client):
    kept = [
        client.get("/api/schema/", HTTP_ACCEPT=f"application/json, text/x-{n}").has_header(
            "X-Page-Cache"
        )
        for n in range(MAX_VARIANTS + 5)
    ]
    assert kept == [True] * MAX_VARIANTS + [False] * 5


def test_a_page_too_large_to_keep_is_still_served(client, snapshot, settings):
    settings.PAGECACHE_MAX_ENTRY_BYTES = 100
    response = client.get("/timeline/")
    assert response.status_code == 200 and b"QuantumScape" in response.content
    assert "X-Page-Cache" not in response


def test_the_version_never_goes_back_when_the_cache_drops_it(client, snapshot):
    client.get("/timeline/")
    before = content_version()
    cache.delete(VERSION_KEY)  # as allkeys-lru eviction would
    assert content_version() > before
    assert Client().get("/timeline/")["X-Page-Cache"] == "miss"


def test_the_in_memory_cache_is_bounded(settings):
    default = settings.CACHES["default"]
    if default["BACKEND"].endswith("LocMemCache"):
        assert default["OPTIONS"]["MAX_ENTRIES"] == 300
    assert settings.PAGECACHE_MAX_ENTRY_BYTES == 512 * 1024
