"""The health check load balancers poll."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

DOWN_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }
}


def test_healthy_site_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"]


@override_settings(CACHES=DOWN_CACHE)
def test_unreachable_cache_answers_503_naming_it(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failing"}


def test_unreachable_database_answers_503(client, monkeypatch):
    from sstracker import health

    monkeypatch.setattr(health, "database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"
