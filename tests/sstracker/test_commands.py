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
