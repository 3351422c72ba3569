"""Open data: CSV files in exactly the import format, JSON twins, and never a draft."""

import csv
import io

import pytest
from django.test import RequestFactory

from imports.services import csv_import, resource_for
from sstracker.open_data import BY_SLUG, DATASETS, json_document, write_csv
from tests.conftest import make_company, make_event

pytestmark = pytest.mark.django_db


def exported(slug: str) -> list[dict[str, str]]:
    stream = io.StringIO()
    write_csv(BY_SLUG[slug], stream)
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def header(slug: str) -> list[str]:
    stream = io.StringIO()
    write_csv(BY_SLUG[slug], stream)
    return next(csv.reader(io.StringIO(stream.getvalue())))


@pytest.mark.parametrize("slug", ["sources", "companies", "partnerships", "events"])
def test_each_csv_has_the_import_formats_columns_in_order(slug):
    columns = [column.column_name for column in resource_for(slug).get_columns()]
    assert header(slug) == columns == BY_SLUG[slug].columns()


@pytest.mark.parametrize("slug", ["sources", "companies", "partnerships", "events"])
def test_every_seeded_file_imports_back_without_a_change(snapshot, slug):
    stream = io.StringIO()
    write_csv(BY_SLUG[slug], stream)
    report = csv_import(
        model=slug, content=stream.getvalue().encode(), file_name=f"{slug}.csv", dry_run=True
    )
    assert report.ok, [str(error) for error in report.errors]
    assert (report.new, report.updated) == (0, 0)
    assert report.unchanged > 0


def test_drafts_are_absent_from_the_csv_files():
    public = make_company(slug="public-co")
    draft = make_company(slug="draft-co", published=False)
    draft_target = make_event(
        slug="draft-target", kind="target", companies=[public], published=False
    )
    make_event(slug="shown", kind="target", companies=[public, draft], supersedes=draft_target)
    make_event(slug="hidden", companies=[public], published=False)

    assert [row["slug"] for row in exported("companies")] == ["public-co"]
    (event,) = exported("events")
    assert (event["slug"], event["companies"], event["supersedes"]) == ("shown", "public-co", "")


def test_the_events_file_takes_the_same_queries_whatever_the_size(django_assert_num_queries):
    def grow(n):
        for _ in range(n):
            first = make_event(kind="target", companies=[make_company(), make_company()])
            make_event(kind="target", supersedes=first)

    grow(2)
    with django_assert_num_queries(4):
        exported("events")
    grow(10)
    with django_assert_num_queries(4):
        rows = exported("events")
    # One live date per promise: a target a later published target replaced is not a row.
    assert len(rows) == 12
    assert all(row["supersedes"] for row in rows)


def test_the_json_document_carries_the_licence_and_the_public_rows():
    make_company(slug="public-co")
    make_company(slug="draft-co", published=False)
    request = RequestFactory().get("/data/companies.json")
    document = json_document(BY_SLUG["companies"], request=request)
    assert document["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert [item["slug"] for item in document["items"]] == ["public-co"]


def test_every_dataset_has_json_and_the_importable_ones_have_csv():
    assert [d.slug for d in DATASETS if d.resource] == [
        "companies",
        "events",
        "partnerships",
        "sources",
    ]
    assert "challenges" in BY_SLUG
