"""Where pages are kept: the shared cache, or each process's own copy while it is down.

An `Entry` is a stored page with the content version it was rendered under and the time
that version was read. The shared store answers with the current version and the entry in
one round trip. When the shared cache fails, it is left alone for `RETRY_SECONDS` (so a
stopped Redis costs no request a timeout) and pages are kept in the process's own memory,
each for at most the staleness bound, since no version can be read there.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches

from . import VERSION_KEY, changed_key, fresh_version
from .compression import StoredPage
from .keys import MAX_VARIANTS, lock_key, page_key, vary_key

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
LOCK_SECONDS = 30
LOCAL_ALIAS = "pagecache_local"


@dataclass
class Entry:
    version: int | None  # None in a process's own copy
    read_at: float  # when the version was read: the page holds every change made before
    page: StoredPage
    lifetime: int | None = None  # seconds it may be kept, when content changes by itself then


@dataclass
class Found:
    version: int | None  # the current content version; None when only the local copy answers
    entry: Entry | None
    shared: bool
    key: str = ""  # where the entry was found


class SharedStore:
    """The shared cache with a breaker: after a failure, skipped for a moment."""

    down_until = 0.0

    @classmethod
    def available(cls) -> bool:
        return time.monotonic() >= cls.down_until

    @classmethod
    def failed(cls) -> None:
        cls.down_until = time.monotonic() + RETRY_SECONDS


UNREACHABLE = "Page cache unreachable; using each process's own copy for a moment."


def local():
    return caches[LOCAL_ALIAS]


def find(request, address: str) -> Found:
    if SharedStore.available():
        try:
            return find_shared(request, address)
        except Exception:
            logger.warning(UNREACHABLE, exc_info=True)
            SharedStore.failed()
    key = page_key(address)
    try:
        return Found(None, local().get(key), shared=False, key=key)
    except Exception:
        logger.warning("Local page cache failed.", exc_info=True)
        return Found(None, None, shared=False, key=key)


def find_shared(request, address: str) -> Found:
    plain, varying = page_key(address), vary_key(address)
    found = cache.get_many([VERSION_KEY, plain, varying])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    key, entry = plain, found.get(plain)
    if entry is None and varying in found:
        headers, _ = found[varying]
        key = page_key(address, request, headers)
        entry = cache.get(key)
    return Found(int(version), entry, shared=True, key=key)


def stale_since(entry: Entry) -> float:
    """When the entry stopped being current: the time of the next change when it is known,
    else (conservatively) when its version was read."""
    if entry.version is None:
        return entry.read_at
    try:
        changed = cache.get(changed_key(entry.version + 1))
    except Exception:
        logger.warning(UNREACHABLE, exc_info=True)
        SharedStore.failed()
        changed = None
    return entry.read_at if changed is None else max(float(changed), entry.read_at)


def claim(key: str, shared: bool) -> bool:
    """True for the one caller that should render the page anew."""
    store = cache if shared else local()
    try:
        return store.add(lock_key(key), 1, timeout=LOCK_SECONDS)
    except Exception:
        logger.warning("Could not claim a page cache lock.", exc_info=True)
        return False


def release(key: str, shared: bool) -> None:
    store = cache if shared else local()
    try:
        store.delete(lock_key(key))
    except Exception:
        logger.warning("Could not release a page cache lock.", exc_info=True)


def keep(request, address: str, vary: tuple[str, ...], entry: Entry, shared: bool) -> bool:
    """Store the entry; True if it was kept. A page keeps at most MAX_VARIANTS variants."""
    key = page_key(address, request, vary)
    timeout = settings.PAGECACHE_SECONDS
    if entry.lifetime is not None:
        timeout = min(timeout, entry.lifetime)
    if not shared:
        if vary:
            return False
        try:
            local().set(key, entry, timeout=max(1, settings.PAGECACHE_STALE_SECONDS))
        except Exception:
            logger.warning("Local page cache write failed.", exc_info=True)
            return False
        return True
    try:
        if vary:
            varying = vary_key(address)
            _, variants = cache.get(varying) or (vary, frozenset())
            if key not in variants and len(variants) >= MAX_VARIANTS:
                return False
            cache.set(varying, (vary, variants | {key}), timeout=timeout)
        cache.set(key, entry, timeout=timeout)
    except Exception:
        logger.warning(UNREACHABLE, exc_info=True)
        SharedStore.failed()
        return False
    return True
