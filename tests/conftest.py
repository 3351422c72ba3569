"""Shared fixtures: small factories for unit tests and the seeded snapshot for content tests."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from companies.models import Company, Partnership, Source
from timeline.models import Event

_counter = itertools.count(1)


def make_source(**fields) -> Source:
    n = next(_counter)
    fields.setdefault("url", f"https://example.org/news/{n}")
    fields.setdefault("title", f"Report {n}")
    return Source.objects.create(**fields)


def make_company(**fields) -> Company:
    n = next(_counter)
    fields.setdefault("name", f"Company {n}")
    fields.setdefault("slug", f"company-{n}")
    fields.setdefault("role", "cell_developer")
    fields.setdefault("published", True)
    return Company.objects.create(**fields)


def make_partnership(**fields) -> Partnership:
    fields.setdefault("developer", make_company())
    fields.setdefault("partner", make_company(role="automaker"))
    fields.setdefault("kind", "development")
    return Partnership.objects.create(**fields)


def make_event(companies=(), sources=(), **fields) -> Event:
    n = next(_counter)
    fields.setdefault("slug", f"event-{n}")
    fields.setdefault("title", f"Event {n}")
    fields.setdefault("date", "Oct 2024")
    fields.setdefault("kind", "milestone")
    fields.setdefault("published", True)
    if fields["kind"] == "target":
        fields.setdefault("status", "announced")
    event = Event.objects.create(**fields)
    event.companies.set(companies or [make_company()])
    event.sources.set(sources)
    return event


@pytest.fixture
def snapshot(db):
    call_command("load_snapshot", verbosity=0)


def editors_group() -> Group:
    """The Editors group the migrations make. A transactional test that ran earlier may have
    emptied the tables (pytest-django does not always restore migration data after one); then
    make it again with the same permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Permission

    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        for label in ["companies", "timeline", "imports", "jobs"]:
            create_permissions(apps.get_app_config(label), verbosity=0)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["companies", "timeline", "imports"]
            ).exclude(content_type__model__startswith="historical")
        )
        group.permissions.add(
            Permission.objects.get(content_type__app_label="jobs", codename="view_job")
        )
    return group


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_user("editor", password="a-long-passphrase-9")
    user.is_staff = True
    user.save()
    user.groups.add(editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages, as a fresh deployment would."""
    from django.core.cache import cache, caches

    from pagecache.store import LOCAL_ALIAS, SharedStore

    cache.clear()
    caches[LOCAL_ALIAS].clear()
    caches["template_fragments"].clear()
    SharedStore.down_until = 0.0
