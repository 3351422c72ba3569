"""Management commands an operator runs."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_make_editor_creates_a_staff_user_in_the_editors_group(monkeypatch, django_user_model):
    monkeypatch.setenv("SSTRACKER_EDITOR_PASSWORD", "a-long-passphrase-9")
    call_command("make_editor", "ada", "--create")
    user = django_user_model.objects.get(username="ada")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Editors").exists()
    assert user.check_password("a-long-passphrase-9")


def test_make_editor_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("SSTRACKER_EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("make_editor", "ada", "--create")
    assert not django_user_model.objects.filter(username="ada").exists()


def test_make_editor_without_create_needs_an_existing_user():
    with pytest.raises(CommandError, match="--create"):
        call_command("make_editor", "nobody")


def synthetic_names():
    from companies.models import Company

    return list(Company.objects.filter(slug__startswith="synthetic-").values_list("name", "slug"))


def test_seed_synthetic_is_deterministic_marked_and_removable(snapshot):
    from companies.models import Company
    from timeline.models import Event

    call_command("seed_synthetic", "--companies", "20", "--events", "200", "--seed", "7")
    first = synthetic_names()
    assert Event.objects.filter(slug__startswith="synthetic-").count() == 200
    assert Event.objects.filter(slug__startswith="synthetic-", published=False).exists()
    assert Event.objects.filter(slug__startswith="synthetic-", supersedes__isnull=False).exists()
    assert any(not name.isascii() for name, _ in first)

    call_command("seed_synthetic", "--remove")
    assert Company.objects.count() == 12 and Event.objects.count() == 10

    call_command("seed_synthetic", "--companies", "20", "--events", "200", "--seed", "7")
    assert synthetic_names() == first


def test_seed_synthetic_refuses_to_load_twice(snapshot):
    call_command("seed_synthetic", "--companies", "5", "--events", "10")
    with pytest.raises(CommandError, match="already loaded"):
        call_command("seed_synthetic", "--companies", "5", "--events", "10")


def test_seed_synthetic_with_history_gives_each_entry_its_record_and_removes_them(snapshot):
    from companies.models import Company
    from editorial.history import Versions, versions_of
    from timeline.models import Event

    real_history = Event.history.count() + Company.history.count()
    call_command("seed_synthetic", "--companies", "6", "--events", "30", "--history")

    event = Event.objects.filter(slug__startswith="synthetic-").first()
    created = versions_of(event).last()
    assert created.history_type == "+"
    companies = Versions(Event, [created]).related_ids(created, "companies")
    assert companies == set(event.companies.values_list("pk", flat=True))
    replaced = Event.objects.filter(slug__startswith="synthetic-", supersedes__isnull=False)
    assert replaced.exists()
    assert all(versions_of(target).first().history_type == "~" for target in replaced)

    call_command("seed_synthetic", "--remove")
    assert Event.history.count() + Company.history.count() == real_history
