"""csv_import from end to end: which files are refused, all or nothing, dry runs, query counts."""

import pytest

from imports.models import ImportBatch
from tests.imports.conftest import (
    EVENT_HEADER,
    MODELS,
    UPDATES,
    history_count,
    only_error,
    run,
)
from timeline.models import Event

pytestmark = pytest.mark.django_db


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


def test_over_long_text_is_refused(catl):
    error = only_error(run("events", EVENT_HEADER + f"x,{'t' * 301},catl,2027,target,\n"))
    assert error.column == "title" and "at most 300 characters" in error.reason


def test_too_many_cells_in_a_row(catl):
    error = only_error(run("events", EVENT_HEADER + "x,X,catl,2027,target,,surplus\n"))
    assert error.line == 2 and "header names 6 columns" in error.reason


# -- a dry run, and what a big file costs


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


# -- text that looks like markup


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


# -- the example files an editor is shown


@pytest.mark.parametrize("model", MODELS)
def test_example_update_files_import(snapshot, model):
    report = run(model, (UPDATES / f"{model}.csv").read_bytes())
    assert report.written, report.errors
    assert report.new + report.updated > 0
