"""`/healthz` for load balancers: is the database reachable, is the cache reachable?"""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure is "down"
        return False


def cache_ok() -> bool:
    try:
        cache.set("healthz:probe", "ok", timeout=5)
        return cache.get("healthz:probe") == "ok"
    except Exception:  # noqa: BLE001
        return False


@require_safe
def healthz(request):
    checks = {"database": database_ok(), "cache": cache_ok()}
    healthy = all(checks.values())
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "failing" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
    patch_cache_control(response, no_store=True)
    return response
