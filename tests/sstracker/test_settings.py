"""Production settings pass Django's deployment checks; debug-off needs a real secret."""

import os
import subprocess
import sys

from django.conf import settings


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_passes_under_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-with-enough-variety-1234567890",
        DJANGO_ALLOWED_HOSTS="sstracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_a_secret_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
