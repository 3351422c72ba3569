"""Whole-page cache for anonymous readers, refreshed whenever published content changes.

Every cached page records the *content version* it was rendered under, a counter kept in the
shared cache. Saving, deleting or relinking any content row bumps the version once the change
is committed (signal handlers in `apps.py`); writes that skip signals, such as bulk imports,
call `bump_content_version()`. The bump also notes the time of the change, so a page can be
served for a few seconds after it went stale while one worker renders its successor (see
`pagecache.middleware`). The cache fails open: if the cache server is down, pages come from
each process's own short-lived copy, or are rendered as if nothing were cached.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:content-version"


def changed_key(version: int) -> str:
    """Where the time the content became `version` is kept."""
    return f"pagecache:changed-at:{version}"


def fresh_version() -> int:
    """A version no page was stored under yet, for when the counter is missing.

    A full cache may evict the counter like any other key; starting again from 1 would
    serve pages stored under the old low numbers, so a new counter starts from the clock,
    in microseconds: far more than content can change in a second.
    """
    return int(time.time() * 1_000_000)


def content_version() -> int | None:
    """The current content version, or None when the cache cannot be reached."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY, 1)
        return int(version)
    except Exception:
        logger.warning("Page cache unreachable; serving uncached pages.", exc_info=True)
        return None


def bump_content_version() -> None:
    """Make every cached page stale, noting when. Safe to call when the cache is down."""
    try:
        try:
            version = cache.incr(VERSION_KEY)
        except ValueError:  # the key was evicted or never set
            version = fresh_version()
            cache.add(VERSION_KEY, version, timeout=None)
        cache.set(changed_key(version), time.time(), timeout=settings.PAGECACHE_SECONDS or None)
    except Exception:
        logger.warning("Could not bump the page cache version.", exc_info=True)


def fragment_version(*parts) -> str:
    """A key part for rendered fragments (`{% cache ... fragment_version ... %}`): it changes
    whenever published content changes, and with `parts` (the day, say). When the cache
    cannot be reached it matches nothing, so no fragment outlives a change it missed."""
    version = content_version()
    token = str(version) if version is not None else uuid.uuid4().hex
    return ":".join([token, *map(str, parts)])


FRAGMENTS = "template_fragments"


def remembered(name: str, compute, *parts):
    """`compute()`, worked out once per content version (and `parts`) in each process and
    kept with the rendered fragments: for values every page shows, such as a select's counts."""
    from django.core.cache import caches

    # Where `{% cache %}` keeps fragments: their own cache when configured, else the default.
    store = caches[FRAGMENTS] if FRAGMENTS in settings.CACHES else cache
    key = f"remembered:{name}:{fragment_version(*parts)}"
    value = store.get(key)
    if value is None:
        value = compute()
        store.set(key, value, timeout=settings.PAGECACHE_SECONDS or 600)
    return value
