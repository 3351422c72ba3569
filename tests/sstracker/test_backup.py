"""A backup restored into an empty database serves identical pages and data, and keeps history."""

import datetime
import gzip
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from companies.models import Company
from editorial.history import deleted_entries
from sstracker.backups import backed_up_models
from tests.editorial.test_database import planner_row_estimate
from timeline.models import Event

PAGES = [
    "/",
    "/timeline/",
    "/timeline/?kind=target",
    "/timeline/quantumscape-qse-5-b-sample-production/",
    "/companies/",
    "/companies/solid-power/",
    "/partnerships/",
    "/challenges/",
    "/sources/",
    "/search/?q=solid",
]
# Where timestamps show to the second and below: a restore must keep them to the microsecond.
DATA = [
    "/feeds/events/",
    "/feeds/companies/quantumscape/",
    "/api/events/",
    "/api/events/quantumscape-qse-5-b-sample-production/",
    "/api/companies/",
    "/api/sources/",
    "/data/events.json",
    "/data/companies.json",
    "/data/events.csv",
    "/calendar.ics",
]
DELETED_SLUG = "bmw-broader-commercialisation"
# These name permissions, which `migrate` makes again with ids of its own.
BY_NATURAL_KEY = {"auth.group_permissions", "auth.user_user_permissions"}


def csv_exports() -> dict[str, str]:
    from imports.services import csv_export

    exports = {}
    for model in ["sources", "companies", "partnerships", "events"]:
        stream = io.StringIO()
        csv_export(model=model, stream=stream)
        exports[model] = stream.getvalue()
    return exports


def responses(client, paths) -> dict[str, bytes]:
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content
        if path.startswith("/data/") and path.endswith(".json"):
            # The one part that is not data: the moment the file was asked for.
            pages[path] = re.sub(rb'"generated": "[^"]*"', b"", response.content)
    return pages


def every_row() -> dict[str, list]:
    """Each backed-up table's rows as stored; permissions by what they allow."""
    tables = {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values_list())
        for model in backed_up_models()
        if model._meta.label_lower not in BY_NATURAL_KEY
    }
    tables["group permissions"] = sorted(
        Group.permissions.through.objects.values_list("group__name", "permission__codename")
    )
    return tables


def delete_in_the_admin(client, event: Event) -> None:
    url = reverse("admin:timeline_event_delete", args=[event.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_after_deletes_restores_exactly_with_the_deleted_entrys_history(
    client, editor, tmp_path
):
    call_command("load_snapshot", verbosity=0)
    company = Company.objects.get(slug="catl")
    company.summary = "Edited after the snapshot."
    company.save()
    Event.objects.filter(slug="quantumscape-qse-5-b-sample-production").update(
        updated=datetime.datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)
    )
    client.force_login(editor)
    delete_in_the_admin(client, Event.objects.get(slug=DELETED_SLUG))
    client.logout()
    pages, data, exports, rows = (
        responses(client, PAGES), responses(client, DATA), csv_exports(), every_row()
    )  # fmt: skip

    backup = tmp_path / "backup.json.gz"
    output = io.StringIO()
    call_command("backup", str(backup), stdout=output)
    assert "timeline.historicalevent:" in output.getvalue()  # progress, table by table
    call_command("flush", interactive=False, verbosity=0)
    assert not Company.objects.exists()
    call_command("restore", str(backup), verbosity=0)

    assert responses(client, PAGES) == pages
    assert responses(client, DATA) == data
    assert csv_exports() == exports
    assert every_row() == rows
    assert planner_row_estimate("timeline_historicalevent") == Event.history.count()
    assert Company.objects.get(slug="catl").history.first().summary == "Edited after the snapshot."
    assert [record.slug for record in deleted_entries(Event)] == [DELETED_SLUG]
    assert client.login(username="editor", password="a-long-passphrase-9")
    restore = reverse("admin:timeline_event_deleted_restore", args=[rows_id(DELETED_SLUG)])
    assert client.post(restore).status_code == 302
    assert Event.objects.filter(slug=DELETED_SLUG).exists()


def rows_id(slug: str) -> int:
    return Event.history.filter(slug=slug).values_list("id", flat=True).first()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_new_entries_after_a_restore_get_fresh_ids(tmp_path):
    call_command("load_snapshot", verbosity=0)
    highest = Event.objects.order_by("-pk").first().pk
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), verbosity=0)

    event = Event.objects.create(slug="after-restore", title="New", date="2027", kind="milestone")

    assert event.pk > highest


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite lets a damaged timestamp be stored"
)
@pytest.mark.django_db
def test_a_failed_backup_leaves_the_earlier_one_of_that_name_untouched(snapshot, tmp_path):
    backup = tmp_path / "backup.json.gz"
    call_command("backup", str(backup), verbosity=0)
    earlier = backup.read_bytes()
    with connection.cursor() as cursor:  # a damaged row in a table read late in the backup
        cursor.execute("UPDATE timeline_event SET created = '2024-13-45 25:00:00'")

    with pytest.raises(CommandError, match="left as it was"):
        call_command("backup", str(backup), verbosity=0)

    assert backup.read_bytes() == earlier
    assert [path.name for path in tmp_path.iterdir()] == ["backup.json.gz"]  # no leftovers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_truncated_backup_restores_nothing(tmp_path):
    call_command("load_snapshot", verbosity=0)
    whole = tmp_path / "whole.json.gz"
    call_command("backup", str(whole), verbosity=0)
    text = gzip.decompress(whole.read_bytes())
    cut = tmp_path / "cut.json"
    cut.write_bytes(text[: len(text) * 2 // 3])
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(cut), verbosity=0)

    assert not Company.objects.exists() and not Event.history.exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_content(snapshot, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(backup))


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    other = tmp_path / "fixture.json"
    other.write_text('[{"model": "companies.company", "pk": 1, "fields": {}}]')
    with pytest.raises(CommandError, match="not a backup made by"):
        call_command("restore", str(other))
