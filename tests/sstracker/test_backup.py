"""A backup restored into an empty database serves identical pages and keeps history."""

import io

import pytest
from django.core.management import CommandError, call_command

from companies.models import Company
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


def csv_exports() -> dict[str, str]:
    from imports.services import csv_export

    exports = {}
    for model in ["sources", "companies", "partnerships", "events"]:
        stream = io.StringIO()
        csv_export(model=model, stream=stream)
        exports[model] = stream.getvalue()
    return exports


def render_pages(client) -> dict[str, bytes]:
    pages = {}
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content
    return pages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restored_database_serves_identical_pages_and_history(client, editor, tmp_path):
    call_command("load_snapshot", verbosity=0)
    company = Company.objects.get(slug="catl")
    company.summary = "Edited after the snapshot."
    company.save()
    before = render_pages(client)
    exports_before = csv_exports()
    history_before = Event.history.count() + Company.history.count()

    backup = tmp_path / "backup.json.gz"
    call_command("backup", str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Company.objects.exists()

    call_command("restore", str(backup), verbosity=0)

    assert render_pages(client) == before
    assert csv_exports() == exports_before
    assert Event.history.count() + Company.history.count() == history_before
    assert Company.objects.get(slug="catl").history.first().summary == "Edited after the snapshot."
    assert client.login(username="editor", password="a-long-passphrase-9")


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_content(snapshot, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("backup", str(backup), verbosity=0)
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(backup))
