"""Editorial pages are tested on their own admin site (tests/editorial/urls.py)."""

import pytest


@pytest.fixture(autouse=True)
def editorial_admin_urls(settings):
    settings.ROOT_URLCONF = "tests.editorial.urls"
