"""/methodology/: the definitions the code runs on, the date rules, scoring, sourcing and
corrections; and every page's terms linking to it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.html import escape

from companies.choices import ELECTROLYTES, PARTNERSHIP_KINDS, SOURCE_KINDS, Electrolyte
from fuzzydate.core import FuzzyDate, FuzzyDateError
from pagekit.vocabulary import Vocabulary
from tests.conftest import make_company, make_event
from timeline.choices import CHEMISTRIES, STAGES, TARGET_STATUSES, Stage

pytestmark = pytest.mark.django_db


def methodology(client) -> str:
    response = client.get("/methodology/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "vocabulary",
    [STAGES, CHEMISTRIES, TARGET_STATUSES, ELECTROLYTES, PARTNERSHIP_KINDS, SOURCE_KINDS],
    ids=lambda v: v.prefix,
)
def test_the_page_defines_every_choice_the_code_has(client, vocabulary):
    html = methodology(client)
    for choice in vocabulary.choices:
        term = next(t for t in vocabulary if t.value == choice.value)
        assert f'<div id="{term.anchor}">' in html
        assert f"<dt>{choice.label}</dt>".replace("&", "&amp;") in html
        assert term.meaning.replace("'", "&#x27;") in html


def test_a_choice_without_a_definition_is_refused():
    class Colour(models.TextChoices):
        RED = "red", "Red"
        BLUE = "blue", "Blue"

    with pytest.raises(ImproperlyConfigured, match=r"missing \['blue'\]"):
        Vocabulary("colour", "Colours", Colour, {Colour.RED: "Warm."})


def test_every_stage_and_electrolyte_has_a_definition():
    assert [term.value for term in STAGES] == list(Stage.values)
    assert [term.value for term in ELECTROLYTES] == list(Electrolyte.values)


def test_the_date_table_comes_from_the_parser(client):
    html = methodology(client)
    row = html[html.index("<code>mid 2024</code>") :]
    row = row[: row.index("</tr>")]
    assert "mid-2024" in row and "1 May 2024" in row and "31 Aug 2024" in row
    assert "<code>by 2030</code>" in html and "<code>around 2027</code>" in html
    # Fiscal years are refused with the parser's own message, saying what to type instead.
    try:
        FuzzyDate.parse("FY2026")
    except FuzzyDateError as error:
        message = str(error).split(" Accepted:")[0]
    assert "<code>FY2026</code>" in html and escape(message) in html


def test_the_page_explains_scoring_the_ladder_sources_and_corrections(client):
    html = methodology(client)
    for section in ("how-we-score", "ladder", "freshness", "sources", "corrections"):
        assert f'id="{section}"' in html
    assert "scored against its <strong>first</strong> date" in html
    assert "Report" not in html or "form" in html
    assert "Nothing a reader sends is published by itself" in html
    # The ladder's scale in the code's order, least advanced first.
    scale = html[html.index('id="ladder-heading"') :]
    assert scale.index(">R&amp;D<") < scale.index(">B-sample<") < scale.index(">Mass production<")


def test_event_terms_link_to_their_definitions(client):
    company = make_company()
    event = make_event(companies=[company], stage="b_sample", chemistry="all_solid")
    target = make_event(companies=[company], kind="target", date="2030", stage="")
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'href="/methodology/#stage-b-sample">B-sample</a>' in html
    assert 'href="/methodology/#chemistry-all-solid">All solid-state</a>' in html
    target_html = client.get(target.get_absolute_url()).content.decode()
    assert 'href="/methodology/#status-announced"' in target_html
    assert "not stated in our sources" in target_html  # its stage and chemistry
    listing = client.get("/timeline/").content.decode()
    assert 'href="/methodology/#stage-b-sample"' in listing


def test_company_and_partnership_terms_link_to_their_definitions(client, snapshot):
    html = client.get("/companies/solid-power/").content.decode()
    assert 'href="/methodology/#electrolyte-sulfide">Sulfide</a>' in html
    assert 'href="/methodology/#partnership-testing">Testing</a>' in html
    partnerships = client.get("/partnerships/").content.decode()
    assert 'href="/methodology/#partnership-industrialisation"' in partnerships


def test_source_kinds_link_to_what_they_can_support(client, snapshot):
    html = client.get("/sources/").content.decode()
    assert 'href="/methodology/#source-press-release">Press release</a>' in html
    assert 'href="/methodology/#source-news">News report</a>' in html


def test_the_ladder_links_to_how_it_is_computed(client, snapshot):
    html = client.get("/ladder/").content.decode()
    assert 'href="/methodology/#ladder"' in html
