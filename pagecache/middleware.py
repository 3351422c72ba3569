"""Serve anonymous GET requests for public pages from the cache, and say how long to keep them.

A stored page is *fresh* while the content version it was rendered under is current. After a
change it is *stale*: for `PAGECACHE_STALE_SECONDS` after the change, readers keep getting it
while the one request that claimed the page's lock renders its successor once its own
response is sent (stale-while-revalidate, single-flight), so an edit makes no reader wait.
Past that bound, a stale page is never served. Editors always get fresh, private pages.

What a key holds is in `pagecache.keys`, where pages are kept in `pagecache.store`, how they
are compressed in `pagecache.compression`. The cache is bounded: the backend's own cap
(`MAX_ENTRIES` in memory, `maxmemory` in Redis) plus `PAGECACHE_MAX_ENTRY_BYTES` per page.
"""

import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.module_loading import import_string

from . import content_version, store
from .compression import StoredPage, accepts_gzip, is_compressible
from .keys import page_address, response_vary

logger = logging.getLogger(__name__)


def is_excluded(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.PAGECACHE_EXCLUDED_PATHS)


def is_editor(request) -> bool:
    # Only a request carrying a session cookie can belong to a logged-in user; checking the
    # cookie first keeps anonymous requests free of a session lookup.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def can_store(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def reading(found: store.Found, now: float) -> tuple[bool, bool]:
    """Whether the found entry may be served, and whether it should be rendered anew.

    A shared entry is current while its version is; after a change it may be served for the
    staleness bound from that change. A process's own copy (the shared cache is down) may be
    served for the bound from when it was rendered. Either is rendered anew at most once
    per half the bound, so a stream of edits cannot keep every worker re-rendering.
    """
    bound = settings.PAGECACHE_STALE_SECONDS
    age = now - found.entry.read_at
    if found.shared:
        if found.entry.version == found.version:
            return True, False
        servable = now - store.stale_since(found.entry) <= bound
    else:
        servable = age <= bound
    return servable, servable and age >= bound / 2


def seconds_until_next_change(version: int | None) -> int | None:
    """Seconds until content changes with nobody acting (`PAGECACHE_NEXT_CHANGE`, such as a
    scheduled publication), or None. Asked once per content version and kept with it."""
    path = getattr(settings, "PAGECACHE_NEXT_CHANGE", "")
    if not path or version is None:
        return None
    key = f"pagecache:next-change:{version}"
    now = timezone.now().timestamp()
    try:
        moment = cache.get(key)
        # Unknown, or passed: content may have changed by itself since, so ask again.
        if moment is None or 0 < moment <= now:
            upcoming = import_string(path)()
            moment = upcoming.timestamp() if upcoming else 0
            cache.set(key, moment, timeout=settings.PAGECACHE_SECONDS)
    except Exception:
        logger.warning("Could not read when content next changes.", exc_info=True)
        return 0  # not knowing, keep nothing
    if not moment:
        return None
    return max(0, math.ceil(moment - now))


class AnonymousPageCacheMiddleware:
    """Cache whole responses for readers; editors always get fresh, private pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or is_excluded(request.path):
            return self.get_response(request)
        if is_editor(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        address = page_address(request)
        if address is None or settings.PAGECACHE_SECONDS <= 0:
            _, response, page = self.render_entry(request, None, time.time(), keep=False)
            return self.deliver(request, response, page)

        now = time.time()
        found = store.find(request, address)
        serve, renew = reading(found, now) if found.entry is not None else (False, False)
        if serve:
            # A process's own copy is within the bound by construction: a hit.
            stale = found.shared and found.entry.version != found.version
            response = self.serve(request, found.entry, "stale" if stale else "hit")
            if renew and store.claim(found.key, found.shared):
                # Once this reader has its page: render the new one and store it.
                response._resource_closers.append(lambda: self.revalidate(request, address, found))
            return response
        entry, response, page = self.render_entry(request, found.version, now)
        if entry is not None and self.keep(request, address, response, entry, found.shared):
            response["X-Page-Cache"] = "miss"
        return self.deliver(request, response, page)

    def render_entry(self, request, version, read_at, *, keep=True):
        """The entry the cache would keep (None if it may not), the response, and the page
        that goes out; kept no longer than until content next changes by itself. With `keep`
        off nothing is stored, so the page is compressed only for a client that takes it."""
        response = self.get_response(request)
        storable, lifetime = can_store(response), None
        if storable:
            set_response_etag(response)
            lifetime = seconds_until_next_change(version)
            browser_seconds = settings.PAGECACHE_BROWSER_SECONDS
            if lifetime is not None:
                browser_seconds = min(browser_seconds, lifetime)
            patch_cache_control(response, public=True, max_age=browser_seconds)
        kept = keep and storable and (lifetime is None or lifetime > 0)
        compressible = is_compressible(request, response)
        if not kept and not (compressible and accepts_gzip(request)):
            if compressible:
                patch_vary_headers(response, ["Accept-Encoding"])
            return None, response, None
        page = StoredPage.from_response(request, response)
        entry = store.Entry(version, read_at, page, lifetime) if kept else None
        return entry, response, page

    def revalidate(self, request, address: str, found: store.Found) -> None:
        try:
            entry, response, _ = self.render_entry(request, content_version(), time.time())
            if entry is not None:
                self.keep(request, address, response, entry, found.shared)
        except Exception:
            logger.exception("Re-rendering a stale page failed; the next reader will retry.")
        finally:
            store.release(found.key, found.shared)

    @staticmethod
    def keep(request, address, response, entry: store.Entry, shared: bool) -> bool:
        vary = response_vary(response)
        if vary is None or len(entry.page.body) > settings.PAGECACHE_MAX_ENTRY_BYTES:
            return False
        return store.keep(request, address, vary, entry, shared)

    @staticmethod
    def serve(request, entry: store.Entry, how: str):
        response = entry.page.response_for(request)
        response["X-Page-Cache"] = how
        return response

    @staticmethod
    def deliver(request, response, page: StoredPage | None):
        """The freshly rendered response, or its compressed copy for a client that takes it."""
        if page is None or not page.compressed:
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if not accepts_gzip(request):
            return response
        compressed = page.response_for(request)
        if response.has_header("X-Page-Cache"):
            compressed["X-Page-Cache"] = response["X-Page-Cache"]
        return compressed
