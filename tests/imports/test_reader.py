"""Bad bytes and absurd headers are refused with a short message, before anything is read."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from companies.models import Company
from imports.reader import FileProblem, decode, match_header, read_rows

HEADER = "slug,name,role,electrolyte,summary,published\n"
COLUMNS = ["slug", "name", "role", "electrolyte", "summary", "published"]


def companies_file(bad_line: str, at_line: int = 150) -> bytes:
    """A valid companies file of `at_line` rows, well past 4 KB, with one bad row in it."""
    rows = [f"ok-{n},Company number {n} with a longer name,supplier,,,no\n" for n in range(2, 400)]
    rows[at_line - 2] = bad_line + "\n"
    return (HEADER + "".join(rows)).encode()


def problem_of(content: bytes) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        read_rows(decode(content))
    return caught.value


def test_a_nul_byte_deep_in_the_file_is_reported_with_its_line_and_column():
    content = companies_file("nul-x,Name\x00WithNul,supplier,,,no")
    assert content.index(b"\x00") > 4096

    problem = problem_of(content)

    assert problem.line == 150
    assert "line 150, column 11: U+0000 (NUL)" in problem.message


@pytest.mark.parametrize(
    "character,name", [("\x0b", "U+000B"), ("\x1b", "U+001B (ESC)"), ("\x7f", "U+007F (DEL)"),
                       ("\x85", "U+0085"), ("\x0c", "U+000C")],
)  # fmt: skip
def test_every_control_character_is_refused_anywhere(character, name):
    problem = problem_of(companies_file(f"ctl,Name,supplier,,Text{character},no", at_line=3))
    assert f"line 3, column 24: {name}" in problem.message


def test_the_first_few_places_are_listed_and_the_message_stays_short():
    content = HEADER.encode() + b"a,b\x00,supplier,,,no\n" * 10_000
    message = problem_of(content).message
    assert message.count("U+0000") == 5 and "and more" in message
    assert len(message) < 600


def test_tabs_and_line_breaks_inside_cells_are_text():
    header, rows = read_rows(
        decode(f'{HEADER}a,"Two\r\nlines\tand a tab",supplier,,,no\n'.encode())
    )
    assert next(rows).cells[1] == "Two\r\nlines\tand a tab"


def test_a_nul_in_the_header_of_a_utf8_file_is_not_mistaken_for_utf16():
    problem = problem_of(b"slug,na\x00me,role\nx,X,supplier\n")
    assert "line 1, column 8: U+0000 (NUL)" in problem.message


def test_utf16_without_a_byte_order_mark_is_still_named():
    problem = problem_of(HEADER.encode("utf-16-le"))
    assert "UTF-16 without a byte-order mark" in problem.message


def test_a_header_of_a_million_columns_is_refused_at_once_and_briefly():
    content = ("title," * 1_000_000 + "\n").encode()
    started = time.monotonic()
    problem = problem_of(content)
    assert time.monotonic() - started < 1.0
    assert problem.line == 1 and "more than 100 columns" in problem.message
    assert len(problem.message) < 300


def test_a_wide_header_spread_over_quoted_lines_is_refused_too():
    content = ('"a\n",' * 150 + "\n").encode()
    assert "more than 100 columns" in problem_of(content).message


def test_a_header_with_many_wrong_names_lists_a_few_of_them():
    with pytest.raises(FileProblem) as caught:
        match_header([f"column{n}" for n in range(60)], COLUMNS, ["slug", "name", "role"])
    message = caught.value.message
    assert 'unknown column "column0"' in message and "56 more" in message
    assert len(message) < 700


@pytest.mark.django_db
def test_import_csv_dry_run_refuses_the_nul_file_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "companies.csv"
    path.write_bytes(companies_file("nul-x,Name\x00WithNul,supplier,,,no"))

    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_csv", "companies", str(path), "--dry-run")

    assert "line 150, column 11: U+0000 (NUL)" in capsys.readouterr().err
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_the_admin_upload_explains_the_nul_file(editor_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = companies_file("nul-x,Name\x00WithNul,supplier,,,no")

    response = editor_client.post(
        reverse("admin:imports_upload", args=["companies"]),
        {"file": SimpleUploadedFile("companies.csv", content, content_type="text/csv")},
    )

    assert response.status_code == 200
    assert "line 150, column 11: U+0000 (NUL)" in response.content.decode()
    assert not Company.objects.exists()
