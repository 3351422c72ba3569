"""Serve anonymous GET requests for public pages from the cache, and say how long to keep them."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag

from . import content_version

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

        version = content_version() if settings.PAGECACHE_SECONDS > 0 else None
        key = self.key(request, version) if version is not None else None
        if key is not None:
            cached = self.cache_get(key)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return cached

        response = self.get_response(request)
        if self.can_store(response):
            set_response_etag(response)
            patch_cache_control(response, public=True, max_age=settings.PAGECACHE_BROWSER_SECONDS)
            if key is not None:
                self.cache_set(key, self.lean_copy(response))
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request, version: int) -> str:
        address = f"{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
        return f"pagecache:{version}:{digest}"

    @staticmethod
    def lean_copy(response) -> HttpResponse:
        """Only the bytes and headers: a REST framework response would also carry its data,
        which costs more to unpickle on every hit than the page cost to render."""
        copy = HttpResponse(response.content, status=response.status_code)
        for header, value in response.items():
            copy[header] = value
        return copy

    @staticmethod
    def can_store(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def cache_get(key):
        try:
            return cache.get(key)
        except Exception:
            logger.warning("Page cache read failed.", exc_info=True)
            return None

    @staticmethod
    def cache_set(key, response) -> None:
        try:
            cache.set(key, response, timeout=settings.PAGECACHE_SECONDS)
        except Exception:
            logger.warning("Page cache write failed.", exc_info=True)
