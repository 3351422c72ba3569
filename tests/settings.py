"""Test settings: the project's settings with the few changes tests need."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")

from sstracker.settings import *  # noqa: F403

# Manifest storage needs collectstatic first; tests render templates without it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Pages are rendered afresh in tests; tests/pagecache turns the page cache on.
PAGECACHE_SECONDS = 0
# A change shows on the very next request; tests/pagecache try the stale window on its own.
PAGECACHE_STALE_SECONDS = 0
# Scheduled entries are recorded as published by tests/sstracker/test_scheduling.py only, so
# that no other test's query count depends on when the last check ran.
SSTRACKER_SCHEDULE_CHECK_SECONDS = 0
# Login lock-out is tested on its own (tests/sstracker/test_login.py).
AXES_ENABLED = False
# Uploads waiting for confirmation go to a scratch folder, not the working tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sstracker-test-media-"))
# Jobs run at once, in the request that starts them; tests/jobs runs a real worker too.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"},
}
