"""What names a cached page: its address, the query parameters its page reads, and `Vary`.

A page is stored under its scheme, host, path and query string, with the parameters in a
fixed order. It is stored only when every parameter is one its page reads (the project
lists them by URL name in `PAGECACHE_QUERY_PARAMETERS`): any other parameter could only
make copies of the same page, so `?x=<random>` is served fresh and never fills the cache.

When a response says it varies on request headers (`Vary: Accept` on the API schema), the
key includes their values, and the list of those headers is kept beside the page so the
next request can build the same key. A page keeps at most `MAX_VARIANTS` variants, so a
header an attacker controls cannot fill the cache either. `Accept-Encoding` is not part of
the key: one compressed copy serves every client (see `pagecache.compression`).
"""

import hashlib
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re
from django.utils.module_loading import import_string

MAX_VARIANTS = 8
# Varying on these would make one copy per visitor: such responses are not stored.
UNCACHEABLE_VARY = {"*", "cookie", "authorization"}
HANDLED_VARY = {"accept-encoding"}


@lru_cache(maxsize=1)
def known_parameters() -> dict[str, frozenset[str]]:
    return import_string(settings.PAGECACHE_QUERY_PARAMETERS)()


def page_address(request) -> str | None:
    """The page's address with its query in a fixed order, or None if it should not be
    cached because the query names a parameter the page does not read."""
    base = f"{request.scheme}://{request.get_host()}{request.path}"
    if not request.GET:
        return base
    try:
        view_name = resolve(request.path_info).view_name
    except Resolver404:
        return None
    allowed = known_parameters().get(view_name, frozenset())
    if any(name not in allowed for name in request.GET):
        return None
    # Sorted by name only: the order of a repeated parameter's values can matter.
    pairs = [(name, value) for name in sorted(request.GET) for value in request.GET.getlist(name)]
    return f"{base}?{urlencode(pairs)}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def page_key(address: str, request=None, vary: tuple[str, ...] = ()) -> str:
    values = [request.headers.get(header, "") for header in vary] if vary else []
    return f"pagecache:page:{digest(chr(0).join([address, *values]))}"


def vary_key(address: str) -> str:
    return f"pagecache:vary:{digest(address)}"


def lock_key(key: str) -> str:
    """Held by the one worker re-rendering the page stored under `key`."""
    return f"{key}:rendering"


def response_vary(response) -> tuple[str, ...] | None:
    """The request headers a response varies on that the key must include, or None if it
    varies on something per visitor and must not be stored."""
    names = {
        name.strip().lower() for name in cc_delim_re.split(response.get("Vary", "")) if name.strip()
    }
    if names & UNCACHEABLE_VARY:
        return None
    return tuple(sorted(names - HANDLED_VARY))
