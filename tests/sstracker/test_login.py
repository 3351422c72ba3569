"""Admin login is throttled against password guessing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, password):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR="203.0.113.9",
    )


def test_repeated_wrong_passwords_lock_the_login(client, editor, throttled):
    for _ in range(2):
        assert attempt(client, "wrong").status_code == 200  # the form again, with an error
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    # Even the right password is refused while locked.
    assert attempt(client, "a-long-passphrase-9").status_code == 429


def test_the_right_password_logs_in_before_the_limit(client, editor, throttled):
    attempt(client, "wrong")
    response = attempt(client, "a-long-passphrase-9")
    assert response.status_code == 302


def test_an_operator_can_unlock(client, editor, throttled):
    from django.core.management import call_command

    for _ in range(3):
        attempt(client, "wrong")
    call_command("axes_reset_username", "editor")
    assert attempt(client, "a-long-passphrase-9").status_code == 302


def test_the_admin_can_live_at_a_configured_address(client, settings, monkeypatch):
    import importlib

    from django.urls import clear_url_caches

    import sstracker.urls

    settings.ADMIN_URL = "desk-7f3a/"
    importlib.reload(sstracker.urls)
    clear_url_caches()
    try:
        assert client.get("/desk-7f3a/login/").status_code == 200
        assert client.get("/admin/login/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(sstracker.urls)
        clear_url_caches()
