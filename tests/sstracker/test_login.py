"""Admin login is throttled against password guessing, per client even behind a proxy."""

import pytest
from django.test import override_settings
from django.urls import reverse

from sstracker.settings import client_address_settings

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


PROXY = "10.0.0.1"  # every request reaches the app from the proxy


def attempt_from(client, password, *, forwarded_for=None, remote=PROXY):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR=remote,
        **headers,
    )


@override_settings(**client_address_settings(1))
def test_behind_a_proxy_one_clients_bad_passwords_do_not_lock_out_another(
    client, editor, throttled
):
    for _ in range(3):
        attempt_from(client, "wrong", forwarded_for="203.0.113.9")
    assert attempt_from(client, "wrong", forwarded_for="203.0.113.9").status_code == 429

    other = attempt_from(client, "a-long-passphrase-9", forwarded_for="198.51.100.7")

    assert other.status_code == 302


@override_settings(**client_address_settings(1))
def test_behind_a_proxy_a_client_cannot_pose_as_another_address(client, editor, throttled):
    # The client sends its own header naming the victim; the proxy appends the real address.
    for _ in range(3):
        attempt_from(client, "wrong", forwarded_for="198.51.100.7, 203.0.113.9")

    assert (
        attempt_from(client, "a-long-passphrase-9", forwarded_for="198.51.100.7").status_code == 302
    )


@override_settings(**client_address_settings(2))
def test_behind_two_proxies_the_client_is_read_before_the_first_proxy(client, editor, throttled):
    # The first proxy appends the client, the second the first proxy. Failures with a forged
    # entry naming the other client first count against the proxy, not against that client.
    for _ in range(3):
        attempt_from(client, "wrong", forwarded_for="198.51.100.7, 203.0.113.9, 10.0.0.7")
    for _ in range(3):
        attempt_from(client, "wrong", forwarded_for="203.0.113.9, 10.0.0.7")
    assert attempt_from(client, "wrong", forwarded_for="203.0.113.9, 10.0.0.7").status_code == 429
    other = attempt_from(client, "a-long-passphrase-9", forwarded_for="198.51.100.7, 10.0.0.7")
    assert other.status_code == 302


@override_settings(**client_address_settings(0))
def test_without_a_proxy_a_forwarded_header_cannot_dodge_the_lock_out(client, editor, throttled):
    for n in range(3):
        attempt_from(client, "wrong", forwarded_for=f"192.0.2.{n}", remote="203.0.113.9")
    locked = attempt_from(client, "wrong", forwarded_for="192.0.2.99", remote="203.0.113.9")
    assert locked.status_code == 429


def test_the_proxy_count_comes_from_the_environment():
    from tests.sstracker.test_settings import run_manage

    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.AXES_IPWARE_PROXY_COUNT, "
        "settings.AXES_IPWARE_PROXY_ORDER)",
        DJANGO_DEBUG="1",
        SSTRACKER_PROXY_COUNT="2",
    )
    assert result.stdout.split() == ["1", "left-most"], result.stderr
