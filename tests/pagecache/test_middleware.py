"""Readers get cached pages; a change to published content is visible on the next request."""

import os
import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from pagecache import VERSION_KEY, bump_content_version, changed_key
from pagecache.keys import lock_key, page_key
from tests.conftest import make_company, make_event
from timeline.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGECACHE_SECONDS = 600


def test_second_anonymous_request_is_served_from_cache_without_queries(
    client, snapshot, django_assert_num_queries
):
    first = client.get("/timeline/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/timeline/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_query_string_is_part_of_the_cache_key(client, snapshot):
    client.get("/timeline/?kind=target")
    assert client.get("/timeline/?kind=milestone")["X-Page-Cache"] == "miss"


def test_saving_an_event_shows_on_the_next_request(client):
    event = make_event(title="Pilot line opens")
    assert b"Pilot line opens" in client.get(event.get_absolute_url()).content
    event.title = "Pilot line opens in Nagoya"
    event.save()
    response = client.get(event.get_absolute_url())
    assert b"Pilot line opens in Nagoya" in response.content


def test_unpublishing_removes_the_event_on_the_next_request(client):
    event = make_event(title="Soon a draft")
    assert b"Soon a draft" in client.get("/timeline/").content
    event.published = False
    event.save()
    assert b"Soon a draft" not in client.get("/timeline/").content


def test_deleting_and_relinking_invalidate(client):
    event = make_event(title="Goes away")
    company = make_company(name="Newly linked Co")
    client.get(event.get_absolute_url())
    event.companies.add(company)
    assert b"Newly linked Co" in client.get(event.get_absolute_url()).content
    Event.objects.filter(pk=event.pk).first().delete()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_pages_tell_browsers_to_revalidate_and_answer_304(client, snapshot):
    response = client.get("/timeline/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    again = client.get("/timeline/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_editors_always_get_fresh_private_pages(editor_client, snapshot):
    editor_client.get("/timeline/")
    response = editor_client.get("/timeline/")
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_admin_is_never_cached(editor_client):
    response = editor_client.get("/admin/")
    assert "X-Page-Cache" not in response


def test_not_found_pages_are_not_cached(client):
    client.get("/timeline/no-such-event/")
    assert "X-Page-Cache" not in client.get("/timeline/no-such-event/")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        },
        "pagecache_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
)
def test_pages_still_answer_when_the_cache_server_is_down(client, snapshot):
    response = client.get("/timeline/")
    assert response.status_code == 200
    assert b"QuantumScape" in response.content


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not configured")
def test_redis_cache_serves_and_invalidates(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-{os.getpid()}",
        },
    }
    event = make_event(title="Shared cache")
    assert client.get(event.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    event.title = "Shared cache, changed"
    event.save()
    assert b"Shared cache, changed" in client.get(event.get_absolute_url()).content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_csv_import_and_its_revert_show_on_the_next_request(client, editor):
    from django.conf import settings as django_settings
    from django.core.management import call_command

    from imports.services import batch_revert, csv_import

    call_command("load_snapshot", verbosity=0)
    assert client.get("/timeline/")["X-Page-Cache"] == "miss"
    assert client.get("/timeline/")["X-Page-Cache"] == "hit"
    content = (django_settings.BASE_DIR / "fixtures/updates/events.csv").read_bytes()
    report = csv_import(model="events", content=content, file_name="events.csv", user=editor)
    assert report.batch is not None
    title = Event.objects.order_by("-created").first().title
    after_import = client.get("/timeline/")
    assert after_import["X-Page-Cache"] == "miss"
    assert title.encode() in after_import.content

    batch_revert(batch=report.batch, user=editor)
    assert title.encode() not in client.get("/timeline/").content


# Stale-while-revalidate ------------------------------------------------------------------


def age(url: str, seconds: float) -> None:
    """Make the stored page of `url` as old as if it was rendered `seconds` ago."""
    key = page_key(f"http://testserver{url}")
    entry = cache.get(key)
    entry.read_at -= seconds
    cache.set(key, entry)


def test_after_a_change_readers_get_the_previous_page_while_one_renders_the_next(client, settings):
    settings.PAGECACHE_STALE_SECONDS = 5
    event = make_event(title="Pilot line opens")
    url = event.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    age(url, 60)
    Event.objects.filter(pk=event.pk).update(title="Pilot line opens in Nagoya")
    bump_content_version()

    # The first reader after the change gets the previous page at once, and its request
    # renders the new one once the page is sent; the next reader gets the new page.
    stale = client.get(url)
    assert stale["X-Page-Cache"] == "stale"
    assert b"Pilot line opens</h1>" in stale.content
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "hit"
    assert b"Pilot line opens in Nagoya" in fresh.content


def test_only_one_reader_renders_a_stale_page(client, settings):
    settings.PAGECACHE_STALE_SECONDS = 5
    event = make_event(title="Pilot line opens")
    url = event.get_absolute_url()
    client.get(url)
    age(url, 60)
    bump_content_version()
    key = page_key(f"http://testserver{url}")
    assert cache.add(lock_key(key), 1)  # another worker is rendering it
    for _ in range(3):
        assert client.get(url)["X-Page-Cache"] == "stale"
    cache.delete(lock_key(key))
    assert client.get(url)["X-Page-Cache"] == "stale"  # this one renders
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_stale_page_is_never_served_past_the_bound(client, settings):
    settings.PAGECACHE_STALE_SECONDS = 5
    event = make_event(title="Pilot line opens")
    url = event.get_absolute_url()
    client.get(url)
    Event.objects.filter(pk=event.pk).update(title="Renamed long ago")
    bump_content_version()
    # The change happened longer ago than the bound allows.
    version = cache.get(VERSION_KEY)
    cache.set(changed_key(version), time.time() - 6)
    age(url, 6)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Renamed long ago" in response.content


def test_editors_never_get_a_stale_page(editor_client, settings):
    settings.PAGECACHE_STALE_SECONDS = 5
    event = make_event(title="Pilot line opens")
    url = event.get_absolute_url()
    Client().get(url)
    Event.objects.filter(pk=event.pk).update(title="Seen at once by editors")
    bump_content_version()
    assert b"Seen at once by editors" in editor_client.get(url).content


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
        },
        "pagecache_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    },
    PAGECACHE_STALE_SECONDS=5,
)
def test_with_the_cache_server_down_each_process_keeps_pages_for_the_bound(
    client, snapshot, django_assert_num_queries
):
    assert client.get("/timeline/").status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/timeline/")
    assert again["X-Page-Cache"] == "hit"
    assert b"QuantumScape" in again.content


def test_a_stream_of_edits_renders_each_page_at_most_once_per_half_bound(client, settings):
    settings.PAGECACHE_STALE_SECONDS = 5
    event = make_event(title="Pilot line opens")
    url = event.get_absolute_url()
    client.get(url)
    for n in range(3):  # edits arriving right after the page was rendered
        Event.objects.filter(pk=event.pk).update(title=f"Edit {n}")
        bump_content_version()
        response = client.get(url)
        assert response["X-Page-Cache"] == "stale"
        assert b"Pilot line opens" in response.content  # not rendered again yet
    age(url, 3)
    client.get(url)  # served stale, renders the page anew
    assert b"Edit 2" in client.get(url).content
