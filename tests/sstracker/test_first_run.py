"""`make run` on a fresh checkout: the chosen port, a clear refusal when it is taken, and the
site as readers get it (debug off, styled pages, static files served)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def taken_port():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def make(*arguments, env=None, **options):
    return subprocess.Popen(
        ["make", "--no-print-directory", *arguments],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **options,
    )


def test_the_port_check_passes_a_free_port():
    result = subprocess.run([sys.executable, "scripts/port_free.py", str(free_port())], cwd=ROOT)
    assert result.returncode == 0


def test_make_run_on_a_taken_port_says_so_and_never_claims_to_serve(taken_port):
    output, _ = make("run", f"PORT={taken_port}").communicate(timeout=120)
    assert f"Port {taken_port} on 127.0.0.1 is already in use" in output
    assert f"make run PORT={taken_port + 1}" in output
    assert "sstracker is at" not in output
    assert "migrate" not in output


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - this machine
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_for(server, url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"nothing answered at {url}")


def test_make_run_serves_the_readers_site_on_the_chosen_port(tmp_path):
    port = free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "REDIS_URL": "",
    }
    server = make("run", f"PORT={port}", env=env, start_new_session=True)
    try:
        site = f"http://127.0.0.1:{port}"
        wait_for(server, f"{site}/healthz")
        status, home = get(f"{site}/")
        assert status == 200 and "solid-state" in home.lower()
        status, missing = get(f"{site}/no-such-page/")
        assert status == 404
        assert "We could not find that page" in missing
        assert "URLconf" not in missing  # not Django's debug page
        stylesheet = missing.split('rel="stylesheet" href="')[1].split('"')[0]
        status, css = get(f"{site}{stylesheet}")
        assert status == 200 and "--" in css
        status, login = get(f"{site}/admin/login/")
        assert status == 200 and "Log in" in login  # plain HTTP on this machine: no redirect
    finally:
        os.killpg(server.pid, 15)
        output, _ = server.communicate(timeout=30)
    assert f"sstracker is at http://127.0.0.1:{port}/" in output
