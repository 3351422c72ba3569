"""Serve anonymous GET requests for public pages from the cache, and say how long to keep them.

What a key holds is in `pagecache.keys`, how pages are compressed in `pagecache.compression`.
The cache is bounded: the backend's own cap (`MAX_ENTRIES` in memory, `maxmemory` in Redis)
plus `PAGECACHE_MAX_ENTRY_BYTES` per page, so no address can make a page too large to keep.
"""

import logging
import math

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.module_loading import import_string

from . import content_version
from .compression import StoredPage, accepts_gzip, is_compressible
from .keys import MAX_VARIANTS, page_address, page_key, response_vary, vary_key

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


def seconds_until_next_change(version: int) -> int | None:
    """Seconds until content changes with nobody acting (`PAGECACHE_NEXT_CHANGE`, such as a
    scheduled publication), or None. Asked once per content version and kept with it."""
    path = getattr(settings, "PAGECACHE_NEXT_CHANGE", "")
    if not path:
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
        version = None
        if address is not None and settings.PAGECACHE_SECONDS > 0:
            version = content_version()
        if version is not None:
            cached = self.lookup(request, version, address)
            if cached is not None:
                response = cached.response_for(request)
                response["X-Page-Cache"] = "hit"
                return response

        response = self.get_response(request)
        if not can_store(response):
            if not is_compressible(request, response):
                return response
            return self.deliver(request, response, StoredPage.from_response(request, response))
        set_response_etag(response)
        lifetime = None if version is None else seconds_until_next_change(version)
        browser_seconds = settings.PAGECACHE_BROWSER_SECONDS
        if lifetime is not None:
            browser_seconds = min(browser_seconds, lifetime)
        patch_cache_control(response, public=True, max_age=browser_seconds)
        page = StoredPage.from_response(request, response)
        if version is not None and self.store(request, version, address, response, page, lifetime):
            response["X-Page-Cache"] = "miss"
        return self.deliver(request, response, page)

    @staticmethod
    def deliver(request, response, page: StoredPage):
        """The freshly rendered response, or its compressed copy for a client that takes it."""
        if not page.compressed:
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if not accepts_gzip(request):
            return response
        compressed = page.response_for(request)
        if response.has_header("X-Page-Cache"):
            compressed["X-Page-Cache"] = response["X-Page-Cache"]
        return compressed

    @staticmethod
    def lookup(request, version: int, address: str) -> StoredPage | None:
        plain, varying = page_key(version, address), vary_key(version, address)
        try:
            found = cache.get_many([plain, varying])
            if plain in found:
                return found[plain]
            if varying in found:
                headers, _ = found[varying]
                return cache.get(page_key(version, address, request, headers))
        except Exception:
            logger.warning("Page cache read failed.", exc_info=True)
        return None

    @staticmethod
    def store(
        request, version: int, address: str, response, page: StoredPage, lifetime=None
    ) -> bool:
        """Keep the page if it may be shared and is small enough, and no longer than
        `lifetime` seconds when content changes by itself then; True if it was kept."""
        vary = response_vary(response)
        if vary is None or len(page.body) > settings.PAGECACHE_MAX_ENTRY_BYTES:
            return False
        timeout = settings.PAGECACHE_SECONDS
        if lifetime is not None:
            if lifetime <= 0:
                return False
            timeout = min(timeout, lifetime)
        key = page_key(version, address, request, vary)
        try:
            if vary:
                varying = vary_key(version, address)
                _, variants = cache.get(varying) or (vary, frozenset())
                if key not in variants and len(variants) >= MAX_VARIANTS:
                    return False
                cache.set(varying, (vary, variants | {key}), timeout=timeout)
            cache.set(key, page, timeout=timeout)
        except Exception:
            logger.warning("Page cache write failed.", exc_info=True)
            return False
        return True
