"""The four CSV formats: their columns, the README's tables, and what exported rows hold."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from imports.resources import (
    RESOURCES,
    CompanyResource,
    EventResource,
    PartnershipResource,
    SourceResource,
)
from imports.services import csv_import
from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Event


def readme_tables() -> dict[str, list[tuple[str, bool]]]:
    """Each `### name.csv` table in the README's "CSV formats": (column, required) pairs."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = text.split("## CSV formats", 1)[1].split("\n## ", 1)[0]
    tables = {}
    for name, body in re.findall(r"### `(\w+)\.csv`(.*?)(?=\n### |\Z)", section, re.S):
        rows = re.findall(r"^\| `(\w+)` \| (yes|) \|", body, re.M)
        tables[name] = [(column, required == "yes") for column, required in rows]
    return tables


@pytest.mark.parametrize("model", ["sources", "companies", "partnerships", "events"])
def test_readme_documents_exactly_the_resource_columns(model):
    columns = [(c.column_name, c.required) for c in RESOURCES[model]().get_columns()]
    assert readme_tables()[model] == columns


def test_design_required_columns():
    required = {
        model: [c.column_name for c in resource().get_columns() if c.required]
        for model, resource in RESOURCES.items()
    }
    assert required == {
        "sources": ["url", "title"],
        "companies": ["slug", "name", "role"],
        "partnerships": ["developer", "partner", "kind"],
        "events": ["slug", "title", "companies", "date", "kind"],
    }


@pytest.mark.django_db
def test_company_row_names_its_sources_by_url():
    source = make_source(url="https://example.org/a")
    company = make_company(slug="acme", name="Acme", electrolyte="oxide")
    company.sources.set([source])
    header, row = list(CompanyResource().export_rows(type(company).objects.all()))
    cells = dict(zip(header, row, strict=True))
    assert cells["sources"] == "https://example.org/a"
    assert cells["electrolyte"] == "oxide" and cells["published"] == "yes"


@pytest.mark.django_db
def test_partnership_row_names_both_companies_by_slug(django_assert_num_queries):
    partnership = make_partnership(started="early 2024")
    with django_assert_num_queries(2):  # the partnerships with their companies, the sources
        header, row = list(PartnershipResource().export_rows(type(partnership).objects.all()))
    cells = dict(zip(header, row, strict=True))
    assert cells["developer"] == partnership.developer.slug
    assert cells["started"] == "early 2024" and cells["status"] == "active"


def test_templates_have_an_example_for_every_required_column():
    for resource in (SourceResource(), CompanyResource(), PartnershipResource()):
        header, example = resource.template_rows()
        for column, cell in zip(resource.get_columns(), example, strict=True):
            assert cell or not column.required, column.column_name


@pytest.mark.django_db
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


@pytest.mark.django_db
def test_export_reads_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(5):
        make_event()
    with django_assert_num_queries(3):  # events with what they supersede, companies, sources
        rows = list(EventResource().export_rows(Event.objects.all()))
    assert len(rows) == 6


@pytest.mark.django_db
def test_template_example_row_is_importable():
    make_company(slug="example-cells")
    make_source(url="https://example.org/press/solid-state-pilot-line")
    header, example = EventResource().template_rows()
    content = (",".join(header) + "\n" + ",".join(example) + "\n").encode()
    report = csv_import(model="events", content=content, file_name="template.csv")
    assert report.written, report.errors
