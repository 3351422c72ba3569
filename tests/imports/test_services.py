"""csv_import, csv_export and batch_revert: what files are accepted, refused, and written."""

import io
from pathlib import Path

import pytest
from django.conf import settings

from companies.models import Company, Partnership, Source
from imports.models import ImportBatch
from imports.services import batch_revert, csv_export, csv_import
from tests.conftest import make_company, make_event, make_source
from timeline.models import Event

pytestmark = pytest.mark.django_db

UPDATES = Path(settings.BASE_DIR) / "fixtures" / "updates"
EVENT_HEADER = "slug,title,companies,date,kind,supersedes\n"
MODELS = {"sources": Source, "companies": Company, "partnerships": Partnership, "events": Event}


def run(model: str, text: str | bytes, **options):
    content = text.encode() if isinstance(text, str) else text
    return csv_import(model=model, content=content, file_name=f"{model}.csv", **options)


def only_error(report):
    assert not report.written
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


def history_count() -> int:
    return sum(model.history.count() for model in MODELS.values())


@pytest.fixture
def catl(db):
    return make_company(slug="catl", name="CATL")


# -- the file as a whole


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \r\n", "The file is empty."),
        (b"slug,title,companies,date,kind\r\n", "header but no rows"),
        (b"slug;title;companies;date;kind\nx;X;catl;2024;milestone\n", "separated by semicolons"),
        (b"slug\ttitle\tcompanies\tdate\tkind\n", "separated by tabs"),
        (b"slug,title,companies,kind\nx,X,catl,milestone\n", 'missing required column "date"'),
        (
            b"slug,tittle,companies,date,kind\nx,X,catl,2024,milestone\n",
            'unknown column "tittle" (did you mean "title"?)',
        ),
        (b"slug,title,title,companies,date,kind\n", 'the column "title" appears twice'),
        (
            "slug,title,companies,date,kind\nx,Caf\u00e9,catl,2024,milestone\n".encode("latin-1"),
            "suggests Latin-1 / Windows-1252, which is not accepted",
        ),
        (
            "slug,title,companies,date,kind\nx,X,catl,2024,milestone\n".encode("utf-16-le"),
            "UTF-16 without a byte-order mark",
        ),
    ],
)
def test_unreadable_files_are_refused_with_one_clear_message(catl, content, message):
    error = only_error(run("events", content))
    assert message in error.reason
    assert not Event.objects.exists() and not ImportBatch.objects.exists()


def test_utf8_with_bom_is_accepted(catl):
    report = run(
        "events", b"\xef\xbb\xbfslug,title,companies,date,kind\nx,Caf\xc3\xa9,catl,2024,milestone\n"
    )
    assert report.written
    assert Event.objects.get(slug="x").title == "Café"


def test_utf16_with_bom_is_decoded(catl):
    text = "slug,title,companies,date,kind\r\nx,Café,catl,2024,milestone\r\n"
    report = run("events", text.encode("utf-16"))
    assert report.written
    assert Event.objects.get(slug="x").title == "Café"


def test_file_over_the_size_limit_is_refused(catl, settings):
    settings.SSTRACKER_CSV_MAX_BYTES = 40
    error = only_error(run("events", "slug,title,companies,date,kind\nx,X,catl,2024,milestone\n"))
    assert "the limit is" in error.reason


def test_header_names_ignore_case_and_spaces(catl):
    assert run("events", " Slug , TITLE ,companies,date,kind\nx,X,catl,2024,milestone\n").written


# -- rows: every error, with line, column, value and reason


def test_every_failing_row_is_reported_and_nothing_is_written(catl):
    before = history_count()
    report = run(
        "events",
        "slug,title,companies,date,kind,stage,published\n"
        "good,Fine,catl,2024,milestone,,yes\n"
        "bad-date,Soon,catl,soon,milestone,,yes\n"
        "bad-company,Typo,catl;cat1,2025,milestone,,yes\n"
        "bad-choice,Choice,catl,2025,milestone,warp drive,yes\n"
        "bad-flag,Flag,catl,2025,milestone,,perhaps\n",
    )
    found = [(e.line, e.column, e.value) for e in report.errors]
    assert found == [
        (3, "date", "soon"),
        (4, "companies", "cat1"),
        (5, "stage", "warp drive"),
        (6, "published", "perhaps"),
    ]
    assert 'Cannot read "soon" as a date' in report.errors[0].reason
    assert 'Did you mean "catl"?' in report.errors[1].reason
    assert "Accepted: research (R&D)" in report.errors[2].reason
    assert [row.action for row in report.rows] == ["new", "error", "error", "error", "error"]
    assert not Event.objects.exists()
    assert history_count() == before
    assert not ImportBatch.objects.exists()


def test_duplicate_key_in_the_file(catl):
    report = run("events", EVENT_HEADER + "x,A,catl,2024,milestone,\nx,B,catl,2025,milestone,\n")
    error = only_error(report)
    assert (error.line, error.column, error.value) == (3, "slug", "x")
    assert "line 2 has the same key" in error.reason


def test_unknown_source_says_to_import_it_first(catl):
    error = only_error(
        run("companies", "slug,name,role,sources\nnew,New,automaker,https://nowhere.example/\n")
    )
    assert error.column == "sources" and "Import the source first" in error.reason


def test_unknown_superseded_event(catl):
    error = only_error(run("events", EVENT_HEADER + "x,X,catl,2027,target,no-such-target\n"))
    assert (error.column, error.value) == ("supersedes", "no-such-target")


def test_over_long_text_is_refused(catl):
    error = only_error(run("events", EVENT_HEADER + f"x,{'t' * 301},catl,2027,target,\n"))
    assert error.column == "title" and "at most 300 characters" in error.reason


def test_company_name_already_taken_by_another_slug(catl):
    error = only_error(run("companies", "slug,name,role\ncatl-2,CATL,automaker\n"))
    assert error.column == "name" and "already has it" in error.reason


def test_too_many_cells_in_a_row(catl):
    error = only_error(run("events", EVENT_HEADER + "x,X,catl,2027,target,,surplus\n"))
    assert error.line == 2 and "header names 6 columns" in error.reason


def test_supersedes_cycle_is_refused_on_every_row_in_it(catl):
    report = run(
        "events",
        EVENT_HEADER + "a,A,catl,2026,target,b\nb,B,catl,2027,target,c\nc,C,catl,2028,target,a\n",
    )
    assert [(e.line, e.column) for e in report.errors] == [
        (2, "supersedes"),
        (3, "supersedes"),
        (4, "supersedes"),
    ]
    assert "loop of targets" in report.errors[0].reason
    assert not Event.objects.exists()


def test_cycle_through_a_stored_event_is_refused(catl):
    first = make_event(slug="first", kind="target", companies=[catl])
    make_event(slug="second", kind="target", companies=[catl], supersedes=first)
    error = only_error(
        run("events", EVENT_HEADER + f"first,First,{catl.slug},2026,target,second\n")
    )
    assert "first → second → first" in error.reason


def test_milestone_cannot_supersede_or_have_a_status(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind,status,supersedes\n"
        "t,T,catl,2026,target,,\n"
        "m,M,catl,2026,milestone,delayed,t\n",
    )
    assert {(e.line, e.column) for e in report.errors} == {(3, "status"), (3, "supersedes")}


def test_partnership_with_itself_is_refused(catl):
    error = only_error(run("partnerships", "developer,partner,kind\ncatl,catl,supply\n"))
    assert error.column == "partner" and "itself" in error.reason


# -- what is written


def test_rows_may_refer_to_targets_later_in_the_file(catl):
    report = run(
        "events",
        EVENT_HEADER
        + "late,Later,catl,2028,target,middle\nmiddle,Middle,catl,2027,target,early\n"
        + "early,Early,catl,2026,target,\n",
    )
    assert report.written and report.new == 3
    assert Event.objects.get(slug="late").supersedes.slug == "middle"
    assert Event.objects.get(slug="middle").supersedes.slug == "early"
    # Each new event has one history record, already pointing at its predecessor.
    record = Event.objects.get(slug="late").history.get()
    assert record.supersedes_id == Event.objects.get(slug="middle").pk


def test_choices_by_label_in_any_case_and_flags_in_any_spelling(catl):
    report = run(
        "events",
        "slug,title,companies,date,kind,stage,chemistry,published\n"
        "a,A,catl,mid 2024,MILESTONE,r&d,All Solid-State,TRUE\n"
        "b,B,catl,q3 2026,Target,pilot_line,,0\n",
    )
    assert report.written
    a, b = Event.objects.get(slug="a"), Event.objects.get(slug="b")
    assert (a.kind, a.stage, a.chemistry, a.published) == (
        "milestone",
        "research",
        "all_solid",
        True,
    )
    assert str(a.date) == "mid-2024" and a.date_start.isoformat() == "2024-05-01"
    assert (b.chemistry, b.status, b.published) == ("undisclosed", "announced", False)
    assert str(b.date) == "Q3 2026"


def test_update_writes_history_under_the_user_and_the_batch(catl, editor):
    source = make_source(url="https://example.org/a")
    make_event(slug="x", title="Old title", companies=[catl])
    report = run(
        "events",
        "slug,title,companies,date,kind,sources\n"
        "x,New title,catl,Oct 2024,milestone,https://example.org/a\n",
        user=editor,
    )
    assert report.updated == 1
    row = report.rows[0]
    assert ("title", "Old title", "New title") in row.changes
    assert ("sources", "", "https://example.org/a") in row.changes
    event = Event.objects.get(slug="x")
    assert event.title == "New title" and list(event.sources.all()) == [source]
    record = event.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason == report.batch.change_reason
    assert [s.source_id for s in record.sources.all()] == [source.pk]


def test_columns_left_out_of_the_file_are_kept(catl):
    make_event(slug="x", title="Title", summary="Kept summary", companies=[catl])
    run("events", "slug,title,companies,date,kind\nx,Other title,catl,Oct 2024,milestone\n")
    assert Event.objects.get(slug="x").summary == "Kept summary"


def test_dry_run_reports_but_writes_nothing(catl):
    report = run("events", EVENT_HEADER + "x,X,catl,2027,target,\n", dry_run=True)
    assert report.new == 1 and not report.written
    assert not Event.objects.exists()


def test_queries_do_not_grow_with_the_number_of_rows(catl, django_assert_max_num_queries):
    rows = "".join(
        f"e{n},Event {n},catl,2027,target,{'e' + str(n - 1) if n else ''}\n" for n in range(300)
    )
    with django_assert_max_num_queries(60):
        report = run("events", EVENT_HEADER + rows)
    assert report.new == 300
    assert Event.objects.get(slug="e299").supersedes.slug == "e298"


# -- spreadsheets and formulas


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


def test_html_is_stored_as_text_and_shown_escaped(client, catl):
    run(
        "events",
        "slug,title,companies,date,kind,summary,published\n"
        "x,<script>alert(1)</script>,catl,2024,milestone,<b>bold</b>,yes\n",
    )
    assert Event.objects.get(slug="x").title == "<script>alert(1)</script>"
    page = client.get("/timeline/x/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- round trip and revert


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


@pytest.mark.parametrize("model", MODELS)
def test_example_update_files_import(snapshot, model):
    report = run(model, (UPDATES / f"{model}.csv").read_bytes())
    assert report.written, report.errors
    assert report.new + report.updated > 0


def test_revert_restores_changed_and_deletes_created_entries(snapshot, editor):
    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    original = stream.getvalue()
    report = run("events", (UPDATES / "events.csv").read_bytes(), user=editor)
    run_update = run(
        "events",
        "slug,title,companies,date,kind\ncatl-small-batch-production,Renamed,catl,~2027,target\n",
        user=editor,
    )
    batch_revert(batch=run_update.batch, user=editor)
    outcome = batch_revert(batch=report.batch, user=editor)
    assert outcome == {"restored": 0, "deleted": 3}
    stream = io.StringIO()
    csv_export(model="events", stream=stream)
    assert stream.getvalue() == original
    record = Event.objects.get(slug="catl-small-batch-production").history.latest()
    assert record.history_user == editor and record.history_change_reason.startswith("Reverted")


def test_revert_refuses_when_a_created_company_is_now_used(catl):
    report = run("companies", "slug,name,role\nnewco,NewCo,supplier\n")
    make_event(slug="uses-newco", companies=[Company.objects.get(slug="newco")])
    with pytest.raises(Exception, match="used elsewhere"):
        batch_revert(batch=report.batch, user=None)
    assert Company.objects.filter(slug="newco").exists()
