"""/search/: every word matches, ranked, highlighted, in either spelling, with one typo
forgiven; never a draft, never a server error. Runs on SQLite (FTS5) and on PostgreSQL
(full-text search and pg_trgm) when DATABASE_URL points at one."""

import pytest
from django.urls import reverse

from tests.conftest import make_company, make_event, make_source
from timeline.models import Challenge

pytestmark = pytest.mark.django_db

ROAD_TEST = "Mercedes-Benz road tests Factorial solid-state cells"


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    results = response.context["results"]
    return [hit.title.replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


# Words, ranking, highlighting ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["Mercedes Factorial", "factorial mercedes", "MERCEDES  road"])
def test_words_match_independently_and_in_any_order(client, snapshot, query):
    assert titles(search(client, query))[0] == ROAD_TEST


def test_every_word_must_match(client, snapshot):
    found = titles(search(client, "Factorial Stellantis"))
    assert found and ROAD_TEST not in found
    assert "Stellantis validates Factorial FEST® automotive-format cells" in found


def test_an_entry_named_as_the_query_comes_first(client, snapshot):
    found = titles(search(client, "QuantumScape"))
    assert found[0] == "QuantumScape"
    assert "QuantumScape begins QSE-5 B-sample production" in found


def test_an_entry_with_the_word_in_its_title_ranks_above_one_with_it_in_passing(client):
    passing = make_event(title="Pilot line opens", summary="Mentions a separator once.")
    titled = make_event(title="Separator breakthrough", summary="A new separator.")
    found = titles(search(client, "separator"))
    assert found.index(titled.title) < found.index(passing.title)


def test_results_show_a_snippet_with_the_words_highlighted(client, snapshot):
    html = search(client, "Mercedes Factorial").content.decode()
    assert "<mark>Mercedes</mark>-Benz road tests <mark>Factorial</mark>" in html
    assert "using <mark>Factorial</mark>-developed solid-state cells" in html


def test_highlighted_text_is_escaped(client):
    make_company(
        name="<script>alert(1)</script> Cells",
        summary='Cells & "bold" <img src=x onerror=alert(2)> claims',
    )
    html = search(client, "cells claims").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Cells</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt; <mark>claims</mark>" in html


# Spellings, prefixes, typos -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("sulphide", "<mark>Sulfide</mark> electrolyte approach"),
        ("sulfide", "<mark>Sulfide</mark> electrolyte approach"),
        ("industrialize", "<mark>Industrialisation</mark> partner for QuantumScape"),
        ("industrialisation", "<mark>Industrialisation</mark> partner for QuantumScape"),
        ("industrialize", "collaboration to <mark>industrialise</mark> solid-state batteries"),
    ],
)
def test_british_and_american_spellings_find_each_other(client, snapshot, query, shown):
    assert shown in search(client, query).content.decode()


@pytest.mark.parametrize("query", ["electrolyser", "electrolyzer", "ELECTROLYSERS"])
def test_electrolyser_spellings_match(client, query):
    make_event(title="Green hydrogen electrolyzer plant", summary="A British electrolyser.")
    assert titles(search(client, query)) == ["Green hydrogen electrolyzer plant"]


def test_the_beginning_of_a_word_is_enough(client, snapshot):
    found = titles(search(client, "quantum"))
    assert "QuantumScape" in found
    assert "<mark>QuantumScape</mark>" in search(client, "quantum").content.decode()


@pytest.mark.parametrize(
    "query", ["quantumscpae", "qauntumscape", "quantumscap3", "Mercedes Factorail"]
)
def test_one_typo_is_forgiven_and_said(client, snapshot, query):
    response = search(client, query)
    assert titles(response), query
    html = response.content.decode()
    assert "Nothing matched as typed; showing results for" in html


def test_a_corrected_search_names_the_words_it_used(client, snapshot):
    html = search(client, "quantumscpae").content.decode()
    assert "showing results for “quantumscape”" in html
    assert titles(search(client, "quantumscpae"))[0] == "QuantumScape"


def test_two_typos_in_one_word_find_nothing(client, snapshot):
    assert "Nothing matches “qunatumscpae”" in search(client, "qunatumscpae").content.decode()


def test_a_word_found_as_typed_is_not_corrected(client, snapshot):
    response = search(client, "Stellantis")
    assert response.context["results"].corrected == []


# Drafts ---------------------------------------------------------------------------------------


def test_search_never_shows_drafts(client):
    make_company(name="Phantom Cells", published=False)
    make_event(title="Phantom milestone", published=False)
    make_company(published=False).sources.set([make_source(title="Phantom report")])
    html = search(client, "phantom").content.decode()
    assert "Nothing matches “phantom”" in html
    assert "Phantom Cells" not in html and "Phantom report" not in html


def test_a_draft_word_is_never_offered_as_a_correction(client):
    make_company(name="Zephyrion", summary="Secret cell maker.", published=False)
    html = search(client, "zephyrian").content.decode()
    assert "Nothing matches" in html and "zephyrion" not in html.lower().replace("zephyrian", "")


def test_a_replaced_target_is_not_a_result_but_its_replacement_is(client):
    old = make_event(title="Gigafactory target", kind="target", date="2025")
    make_event(title="Gigafactory target, moved", kind="target", date="2027", supersedes=old)
    assert titles(search(client, "gigafactory")) == ["Gigafactory target, moved"]


def test_a_source_is_found_only_while_a_public_entry_cites_it(client):
    source = make_source(title="Obscure trade report")
    assert "Nothing matches" in search(client, "obscure").content.decode()
    event = make_event(sources=[source])
    assert titles(search(client, "obscure")) == ["Obscure trade report"]
    event.published = False
    event.save()
    assert "Nothing matches" in search(client, "obscure").content.decode()


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ['"', '""', "(", ")", "()", "*", "^", "-", ":", "&|!", "{}", "'", "\\", "%", "_", "<>"],
)
def test_query_syntax_alone_is_explained(client, query):
    html = search(client, query).content.decode()
    assert "There are no words to search for" in html


@pytest.mark.parametrize(
    "query",
    [
        "(quantumscape b-sample)",
        '"quantumscape',
        "quantumscape*",
        "^quantumscape",
        "quantumscape AND OR",
        "{quantumscape}: ",
        "quantumscape:*",
        "quantumscape' OR ''='",
        "quantumscape;--",
        "quantumscape & !b | (",
        "quantumscape\x00",
    ],
)
def test_engine_syntax_is_read_as_words(client, snapshot, query):
    assert "QuantumScape" in titles(search(client, query))


@pytest.mark.parametrize("query", ["NEAR(quantumscape b-sample)", "NEAR", "quantumscape NEAR"])
def test_engine_keywords_are_words_like_any_other(client, snapshot, query):
    assert "Nothing matches" in search(client, query).content.decode()


def test_common_words_are_not_required(client, snapshot):
    assert titles(search(client, "the road tests of the Mercedes"))[0] == ROAD_TEST
    html = search(client, "the and of").content.decode()
    assert "There are no words to search for" in html


@pytest.mark.parametrize("query", ["x" * 101, "quantumscape " * 800, "\x00" * 10_000])
def test_overlong_searches_explain_themselves(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    if query.strip("\x00"):
        assert "Searches are limited to 100 characters" in html
    else:
        assert "Type a company" in html


def test_empty_search_invites_a_query(client):
    assert "Type a company" in search(client, "").content.decode()


def test_only_the_first_words_are_searched(client, snapshot):
    html = search(client, "mercedes factorial b c d e f g h").content.decode()
    assert "Only the first 8 words were searched" in html


# Cost -----------------------------------------------------------------------------------------


def grow(first, last):
    for n in range(first, last):
        company = make_company(name=f"Grow {n} Cells")
        source = make_source(title=f"Grow report {n}")
        company.sources.set([source])
        make_event(companies=[company], title=f"Grow event {n}", sources=[source])
        Challenge.objects.create(slug=f"grow-{n}", title=f"Grow problem {n}", summary="Grow.")


# The page's own query ("data last updated"); the ranked page of results, its highlights and
# its entries; with a typo, the first try, the vocabulary and the second try.
@pytest.mark.parametrize(("query", "expected"), [("grow", 4), ("grwo", 7)])
def test_search_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, query, expected
):
    grow(0, 2)
    with django_assert_max_num_queries(expected):
        search(client, query)
    grow(2, 40)
    with django_assert_max_num_queries(expected):
        response = search(client, query)
    assert response.context["results"].more
