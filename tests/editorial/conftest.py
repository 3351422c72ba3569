"""Editorial pages are tested on their own admin site (tests/editorial/urls.py)."""

import pytest
from django.test import Client

from tests.conftest import editors_group


@pytest.fixture(autouse=True)
def editorial_admin_urls(settings):
    settings.ROOT_URLCONF = "tests.editorial.urls"


@pytest.fixture
def editors(django_user_model):
    """Two logged-in editors, each with their own browser."""
    group = editors_group()
    browsers = []
    for name in ["anna", "ben"]:
        user = django_user_model.objects.create_user(name, is_staff=True)
        user.groups.add(group)
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    return browsers
