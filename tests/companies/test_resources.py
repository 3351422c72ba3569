"""The CSV columns and cells of sources, companies and partnerships, and the README's tables."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from companies.resources import (
    ChoiceWidget,
    CompanyResource,
    DayWidget,
    FuzzyDateWidget,
    PartnershipResource,
    ReferenceListWidget,
    SourceResource,
    YesNoWidget,
    escape_formula,
    unescape_formula,
)
from imports.services import RESOURCES
from tests.conftest import make_company, make_partnership, make_source
from timeline.models import Stage


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


@pytest.mark.parametrize("text", ["R&D", "r&d", "research", "RESEARCH", "  Research "])
def test_choice_by_value_or_label_in_any_case(text):
    assert ChoiceWidget(Stage.choices).clean(text) == "research"


def test_unknown_choice_lists_what_is_accepted():
    with pytest.raises(ValueError, match=r"Accepted: research \(R&D\), a_sample"):
        ChoiceWidget(Stage.choices).clean("warp")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("Yes", True),
        ("true", True),
        ("1", True),
        ("no", False),
        ("FALSE", False),
        ("0", False),
        ("", False),
    ],
)
def test_flags(text, value):
    assert YesNoWidget().clean(text) is value


def test_unreadable_values_say_what_is_accepted():
    with pytest.raises(ValueError, match="yes or no"):
        YesNoWidget().clean("perhaps")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        DayWidget().clean("31/03/2025")
    with pytest.raises(ValueError, match='Cannot read "soon"'):
        FuzzyDateWidget().clean("soon")


def test_fuzzy_dates_are_written_canonically():
    widget = FuzzyDateWidget()
    assert widget.render(widget.clean("second half of 2026")) == "H2 2026"


def test_lists_are_split_on_semicolons_and_written_sorted():
    widget = ReferenceListWidget(None, "slug")
    assert widget.clean(" b ; a;;b ") == ("b", "a")
    assert widget.render(("b", "a")) == "a;b"


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "'=x", "''@x", "plain", "'quoted", ""]
)
def test_formula_escaping_round_trips_exactly(text):
    assert unescape_formula(escape_formula(text)) == text


def test_formula_cells_are_prefixed_for_spreadsheets():
    assert escape_formula("=HYPERLINK()") == "'=HYPERLINK()"
    assert escape_formula("plain") == "plain"
    assert unescape_formula("=kept as text") == "=kept as text"


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
