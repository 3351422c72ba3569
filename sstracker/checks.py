"""Deployment checks of the project's own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache


def shared_cache_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Several app processes need one shared cache, or an edit reaches only one of them.

    The page cache keeps its content version in the cache: in each process's own memory,
    an edit would bump it in the one process that saved, and the others would go on
    serving the pages from before the edit until they expire.
    """
    if settings.DEBUG or settings.PAGECACHE_SECONDS <= 0:
        return []
    if not isinstance(caches["default"], LocMemCache):
        return []
    return [
        checks.Warning(
            "The page cache is in each process's memory (REDIS_URL is not set).",
            hint="gunicorn runs several workers (GUNICORN_WORKERS, 2 by default): set "
            "REDIS_URL to one Redis that every worker shares, so that an edit empties the "
            "cache for all of them. With a single process (GUNICORN_WORKERS=1) the "
            "per-process cache is enough.",
            id="sstracker.W001",
        )
    ]


def register() -> None:
    checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
