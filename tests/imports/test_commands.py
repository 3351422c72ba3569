"""import_csv and export_csv, as a script would run them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from imports.models import ImportBatch
from timeline.models import Event

pytestmark = pytest.mark.django_db

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"


def test_import_prints_the_counts(snapshot, capsys, editor):
    call_command("import_csv", "events", str(UPDATES / "events.csv"), "--user", "editor")
    assert "events.csv: 3 new, 0 updated, 0 unchanged (written as import batch" in (
        capsys.readouterr().out
    )
    assert ImportBatch.objects.get().user == editor
    assert Event.objects.get(slug="example-catl-target").history.get().history_user == (editor)


def test_dry_run_writes_nothing(snapshot, capsys):
    call_command("import_csv", "events", str(UPDATES / "events.csv"), "--dry-run")
    assert "3 new" in capsys.readouterr().out
    assert not Event.objects.filter(slug="example-catl-target").exists()


def test_errors_are_printed_and_the_command_fails(snapshot, capsys):
    before = Event.objects.count()
    with pytest.raises(CommandError, match="1 error.*nothing was written"):
        call_command("import_csv", "events", str(UPDATES / "events-misspelt-company.csv"))
    assert "line 3, column companies, value 'factorial-enrgy'" in capsys.readouterr().err
    assert Event.objects.count() == before and not ImportBatch.objects.exists()


def test_missing_file_is_a_plain_error(db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_csv", "events", "/nonexistent/events.csv")


def test_export_then_import_reports_every_row_unchanged(snapshot, tmp_path, capsys):
    target = tmp_path / "companies.csv"
    call_command("export_csv", "companies", "-o", str(target))
    call_command("import_csv", "companies", str(target))
    assert "0 new, 0 updated, 12 unchanged" in capsys.readouterr().out
    assert not ImportBatch.objects.exists()


def test_export_to_standard_output(snapshot, capsys):
    call_command("export_csv", "sources")
    out = capsys.readouterr().out
    assert out.startswith("url,title,publisher,published,accessed,kind,archive_url")
