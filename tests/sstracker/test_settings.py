"""Production settings pass Django's deployment checks; debug-off needs a real secret."""

import os
import re
import shlex
import subprocess
import sys

import pytest
from django.conf import settings

SECRET = "k" * 20 + "-production-secret-with-enough-variety-1234567890"


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
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="sstracker.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_when_workers_would_not_share_a_cache():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="sstracker.example.org",
        REDIS_URL="",  # not set, whatever the environment running the tests has
    )
    assert "sstracker.W001" in result.stderr + result.stdout
    assert "REDIS_URL" in result.stderr + result.stdout


def readme_deploy_checks() -> list[str]:
    """Every command in the README that runs `check --deploy`, joined onto one line."""
    readme = (settings.BASE_DIR / "README.md").read_text()
    commands = re.findall(r"\n((?:    [^\n]*\\\n)*    [^\n]*check --deploy[^\n]*)", readme)
    return [re.sub(r"\\\n\s*", " ", command).strip() for command in commands]


@pytest.mark.parametrize("command", readme_deploy_checks())
def test_the_readmes_production_settings_pass_the_deploy_check(command):
    words = shlex.split(command)
    variables = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    assert variables.get("DJANGO_SECURE_SSL_REDIRECT") != "0"
    variables["DJANGO_SECRET_KEY"] = SECRET  # the README writes "..."
    arguments = words[words.index("manage.py") + 1 :]
    result = run_manage(*arguments, **variables)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_shows_the_deploy_check_behind_a_proxy():
    assert any("SSTRACKER_PROXY_COUNT=1" in command for command in readme_deploy_checks())


@pytest.mark.parametrize(
    "proxy_count,header", [("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")]
)
def test_the_forwarded_scheme_is_believed_only_behind_a_proxy(proxy_count, header):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER, "
        "settings.SECURE_SSL_REDIRECT)",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        SSTRACKER_PROXY_COUNT=proxy_count,
    )
    assert result.stdout.strip() == f"{header} True", result.stderr


def test_debug_off_without_a_secret_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
