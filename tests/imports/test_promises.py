"""A file that moves a published target says whether it is a correction or a restatement."""

import pytest

from companies.rules import PARTNER_IS_ANOTHER_COMPANY
from imports.batches import batch_revert
from tests.conftest import make_event, make_source
from tests.imports.conftest import EVENT_HEADER, only_error, run
from timeline import rules
from timeline.models import Restatement

pytestmark = pytest.mark.django_db

HEADER = "slug,title,companies,date,kind,stage,date_change,restated,restatement_source\n"
SOURCE = "https://example.org/sdi-moves-its-target"


@pytest.fixture
def target(catl):
    make_source(url=SOURCE, title="SDI moves its target")
    return make_event(
        slug="sdi",
        title="SDI mass production",
        companies=[catl],
        kind="target",
        date="~2027",
        stage="mass_production",
        announced="Dec 2024",
    )


def row(date="~2027", stage="mass_production", change="", restated="", source="") -> str:
    return f"sdi,SDI mass production,catl,{date},target,{stage},{change},{restated},{source}\n"


def test_a_silent_move_of_a_published_target_is_refused_naming_the_row(target):
    error = only_error(run("events", HEADER + row(date="H1 2028")))
    assert (error.line, error.column) == (2, "date_change")
    assert "correction" in error.reason and "restatement" in error.reason
    assert "~2027 → H1 2028" in error.reason
    target.refresh_from_db()
    assert str(target.date) == "~2027"


def test_a_file_without_the_column_is_refused_too(target):
    error = only_error(run("events", EVENT_HEADER + "sdi,SDI mass production,catl,2029,target,\n"))
    assert error.column == "date_change"


def test_a_stage_change_needs_the_kind_of_change_as_well(target):
    error = only_error(run("events", HEADER + row(stage="small_batch")))
    assert "stage mass_production → small_batch" in error.reason


def test_a_restatement_keeps_the_earlier_date_with_its_day_and_source(target, catl):
    report = run(
        "events",
        HEADER + row(date="H1 2028", change="restatement", restated="Jun 2026", source=SOURCE),
    )
    assert report.written, report.errors
    target.refresh_from_db()
    assert (str(target.date), str(target.announced)) == ("H1 2028", "Jun 2026")
    (kept,) = target.restatements.all()
    assert (str(kept.date), kept.stage, str(kept.announced)) == (
        "~2027",
        "mass_production",
        "Dec 2024",
    )
    assert (str(kept.restated), kept.source.url) == ("Jun 2026", SOURCE)
    assert kept.history.get().history_change_reason == report.batch.change_reason
    (result,) = report.rows
    assert (
        "date_change",
        "",
        "restatement, announced Jun 2026; earlier ~2027 kept",
    ) in result.changes


def test_a_restatement_needs_its_day_and_a_known_source(target):
    report = run("events", HEADER + row(date="H1 2028", change="restatement"))
    assert {(e.column, e.line) for e in report.errors} == {
        ("restated", 2),
        ("restatement_source", 2),
    }
    report = run(
        "events",
        HEADER + row(date="H1 2028", change="restatement", restated="Jun 2026", source="https://x"),
    )
    assert only_error(report).column == "restatement_source"
    assert not Restatement.objects.exists()


def test_a_correction_changes_the_date_and_keeps_no_earlier_date(target):
    report = run("events", HEADER + row(date="2028", change="correction"))
    assert report.written
    target.refresh_from_db()
    assert str(target.date) == "2028" and not target.restatements.exists()


def test_drafts_and_milestones_move_freely(catl):
    make_event(slug="sdi", companies=[catl], kind="target", date="~2027", published=False)
    assert run("events", HEADER + row(date="2029")).written


def test_reverting_the_batch_removes_the_restatement_and_the_new_date(target, editor):
    report = run(
        "events",
        HEADER + row(date="H1 2028", change="restatement", restated="Jun 2026", source=SOURCE),
    )
    batch_revert(batch=report.batch, user=editor)
    target.refresh_from_db()
    assert (str(target.date), str(target.announced)) == ("~2027", "Dec 2024")
    assert not Restatement.objects.exists()


def test_an_exported_file_imports_back_unchanged_with_the_new_columns_empty(target):
    import io

    from imports.services import csv_export

    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    text = stream.getvalue()
    assert text.splitlines()[0].endswith("date_change,restated,restatement_source")
    report = run("events", text)
    assert (report.unchanged, report.updated, report.written) == (1, 0, False)


# --- The rules' words are the models' words -------------------------------------------------


def test_the_importer_reports_the_rules_in_the_models_words(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind,status,supersedes\n"
        "m,M,catl,2026,milestone,delayed,\n"
        "t,T,catl,2026,target,,t\n",
    )
    reasons = {(e.line, e.column): e.reason for e in report.errors}
    assert reasons[(2, "status")] == rules.STATUS_ONLY_ON_TARGETS.message
    assert reasons[(3, "supersedes")] == rules.SUPERSEDES_NOT_ITSELF.message


def test_a_partnership_with_itself_reads_as_the_constraint_says(catl):
    error = only_error(run("partnerships", "developer,partner,kind\ncatl,catl,supply\n"))
    assert error.reason == PARTNER_IS_ANOTHER_COMPANY.message


def test_every_row_of_a_long_loop_is_refused_with_a_short_message(catl):
    size = 3000
    lines = [f"t{n},T{n},catl,2026,target,t{(n + 1) % size}\n" for n in range(size)]
    report = run("events", EVENT_HEADER + "".join(lines))
    assert len(report.errors) == size and not report.written
    assert all(rules.SUPERSEDES_LOOP in error.reason for error in report.errors)
    assert "3000 targets" in report.errors[0].reason
    assert max(len(error.reason) for error in report.errors) < 300
