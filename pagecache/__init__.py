"""Whole-page cache for anonymous readers, invalidated whenever published content changes.

Every cached page is stored under the current *content version*, a counter kept in the shared
cache. Saving, deleting or relinking any content row bumps the version (signal handlers in
`apps.py`); writes that skip signals, such as bulk imports, call `bump_content_version()`.
Old pages are then never served again and expire on their own. The cache fails open: if the
cache server is down, pages are rendered as if nothing were cached.
"""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:content-version"


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
    """Make every cached page stale. Safe to call when the cache is down."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # the key was evicted or never set
            cache.add(VERSION_KEY, fresh_version(), timeout=None)
    except Exception:
        logger.warning("Could not bump the page cache version.", exc_info=True)
