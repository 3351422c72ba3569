"""Exported files: safe in a spreadsheet, and imported back without a change."""

import io

import pytest

from imports.services import csv_export
from tests.imports.conftest import MODELS, history_count, run
from timeline.models import Event

pytestmark = pytest.mark.django_db


def test_formula_cells_are_kept_as_text_and_exported_safely(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind,summary\n"
        'a,=HYPERLINK("http://evil"),catl,2024,milestone,+1 more\n'
        "b,'=quoted on export,catl,2024,milestone,-minus and @at\n",
    )
    assert report.written
    assert Event.objects.get(slug="a").title == '=HYPERLINK("http://evil")'
    assert Event.objects.get(slug="b").title == "=quoted on export"
    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    exported = stream.getvalue()
    assert "'=HYPERLINK" in exported and "'+1 more" in exported and "'-minus" in exported
    assert run("events", exported).unchanged == 2


@pytest.mark.parametrize("model", MODELS)
def test_export_then_import_changes_nothing(snapshot, model):
    stream = io.StringIO()
    csv_export(model=model, stream=stream)
    before = history_count()
    report = run(model, stream.getvalue())
    assert report.ok, report.errors
    assert report.unchanged == MODELS[model].objects.count() > 0
    assert report.new == report.updated == 0
    assert not report.written and history_count() == before


def test_a_range_of_years_imports_in_canonical_form_and_exports_back_unchanged(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind\n"
        "pilot,Pilot line,catl,2027-28,target\n"
        "plant,Plant,catl,between 2026 and 2028,target\n",
    )
    assert report.written, report.errors
    pilot = Event.objects.get(slug="pilot")
    assert str(pilot.date) == "2027\u20132028"
    assert (pilot.date_start.isoformat(), pilot.date_end.isoformat()) == (
        "2027-01-01",
        "2028-12-31",
    )
    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    exported = stream.getvalue()
    assert "2027\u20132028" in exported and "2026\u20132028" in exported
    assert run("events", exported).unchanged == 2


def test_a_fiscal_year_in_a_file_is_refused_saying_what_to_type(catl):
    report = run("events", "slug,title,companies,date,kind\npilot,Pilot,catl,FY2026,target\n")
    assert not report.written
    assert "fiscal year" in str(report.errors[0])
    assert not Event.objects.filter(slug="pilot").exists()
