"""The events CSV: columns, cells, and what one exported row holds."""

import pytest

from tests.conftest import make_company, make_event, make_source
from timeline.models import Event
from timeline.resources import EventResource

pytestmark = pytest.mark.django_db


def test_event_row_has_fuzzy_dates_slugs_and_urls():
    catl, nio = make_company(slug="catl"), make_company(slug="nio")
    earlier = make_event(slug="earlier", kind="target", date="2025", companies=[catl])
    make_event(
        slug="later",
        kind="target",
        date="~2027",
        announced="Q3 2024",
        companies=[nio, catl],
        sources=[make_source(url="https://example.org/a")],
        supersedes=earlier,
    )
    rows = list(EventResource().export_rows(Event.objects.filter(slug="later")))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["companies"] == "catl;nio"
    assert cells["date"] == "~2027" and cells["announced"] == "Q3 2024"
    assert cells["supersedes"] == "earlier" and cells["status"] == "announced"
    assert cells["sources"] == "https://example.org/a"


def test_export_reads_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(5):
        make_event()
    with django_assert_num_queries(3):  # events with what they supersede, companies, sources
        rows = list(EventResource().export_rows(Event.objects.all()))
    assert len(rows) == 6


def test_template_example_row_is_importable():
    from imports.services import csv_import

    make_company(slug="example-cells")
    make_source(url="https://example.org/press/solid-state-pilot-line")
    header, example = EventResource().template_rows()
    content = (",".join(header) + "\n" + ",".join(example) + "\n").encode()
    report = csv_import(model="events", content=content, file_name="template.csv")
    assert report.written, report.errors
