"""The company directory, company pages, partnerships and sources, as a reader meets them."""

import pytest
from django.urls import reverse

from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Challenge, Horizon

pytestmark = pytest.mark.django_db

COMPANIES = "/companies/"


def names(response) -> list[str]:
    return [company.name for company in response.context["company_list"]]


# Directory -------------------------------------------------------------------------------


def test_directory_groups_companies_by_role_cell_developers_first(client, snapshot):
    response = client.get(COMPANIES)
    assert response.status_code == 200
    groups = [(label, len(members)) for label, members in response.context["groups"]]
    assert groups == [("Cell developer", 6), ("Automaker", 5), ("Industrialiser", 1)]
    html = response.content.decode()
    assert html.index("Cell developers") < html.index("Automakers") < html.index("Industrialisers")
    assert "<title>Companies · sstracker</title>" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"role": "automaker"}, {"Mercedes-Benz", "Stellantis", "BMW", "Ford", "NIO"}),
        ({"electrolyte": "sulfide"}, {"Solid Power"}),
        ({"role": "cell_developer", "electrolyte": "semi_solid"}, {"WeLion"}),
    ],
)
def test_directory_filters_combine(client, snapshot, query, expected):
    assert set(names(client.get(COMPANIES, query))) == expected


def test_country_filter_offers_the_countries_of_published_companies(client):
    make_company(name="Seoul Cells", country="South Korea")
    make_company(name="Hidden Cells", country="Atlantis", published=False)
    response = client.get(COMPANIES, {"country": "South Korea"})
    assert names(response) == ["Seoul Cells"]
    html = response.content.decode()
    assert 'value="South Korea"' in html and "Atlantis" not in html
    assert "Country: <strong>South Korea</strong>" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"role": "wizard"}, "“wizard” is not a known role"),
        ({"electrolyte": "water"}, "is not a known electrolyte family"),
        ({"country": "Atlantis"}, "“Atlantis” is not a known country"),
    ],
)
def test_bad_directory_filters_give_a_message(client, snapshot, query, message):
    response = client.get(COMPANIES, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert names(response) == []


def test_empty_directory_filter_says_so(client, snapshot):
    response = client.get(COMPANIES, {"role": "supplier"})
    assert "No companies match these filters" in response.content.decode()


def test_draft_companies_are_not_in_the_directory(client):
    make_company(name="Visible Cells")
    make_company(name="Stealth Cells", published=False)
    html = client.get(COMPANIES).content.decode()
    assert "Visible Cells" in html and "Stealth Cells" not in html
    assert "<strong>1</strong> company" in html


def test_event_counts_in_the_directory_ignore_drafts(client):
    company = make_company(name="Counted")
    make_event(companies=[company])
    make_event(companies=[company], published=False)
    assert "1 event on the timeline" in client.get(COMPANIES).content.decode()


# Company page ----------------------------------------------------------------------------


def test_company_page_shows_approach_partners_milestones_targets_and_sources(client, snapshot):
    response = client.get("/companies/solid-power/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Solid Power</h1>" in html
    assert "sulfide solid electrolyte" in html
    assert 'href="/companies/bmw/"' in html and 'href="/companies/ford/"' in html
    assert "Ended" in html  # Ford, historically
    assert "BMW tests Solid Power cells in a BMW i7 test vehicle" in html
    assert "BMW: broader commercialisation later in the decade" in html
    assert 'id="ref-1"' in html and "bmwgroup.com" in html


def test_company_page_lists_partners_in_both_directions(client):
    developer = make_company(name="Cell Maker")
    automaker = make_company(name="Car Maker", role="automaker")
    make_partnership(developer=developer, partner=automaker, kind="testing")
    assert "Cell Maker" in client.get(automaker.get_absolute_url()).content.decode()
    assert "Car Maker" in client.get(developer.get_absolute_url()).content.decode()


def test_company_page_hides_drafts(client):
    company = make_company(name="Open Cells")
    secret = make_company(name="Secret Partner", role="automaker", published=False)
    make_partnership(developer=company, partner=secret)
    make_event(companies=[company], title="Hidden milestone", published=False)
    html = client.get(company.get_absolute_url()).content.decode()
    assert "Secret Partner" not in html and "Hidden milestone" not in html
    assert "No published partnership yet." in html


def test_company_page_shows_a_slipped_target_as_a_history(client):
    company = make_company()
    first = make_event(companies=[company], kind="target", date="2025", status="delayed")
    later = make_event(companies=[company], kind="target", date="2027", title="Mass production")
    later.supersedes = first
    later.save()
    html = client.get(company.get_absolute_url()).content.decode()
    assert 'Target history:</span> <a href="/timeline/' in html
    delayed = '2025</a> <span class="muted">(delayed)</span>'
    assert f'{delayed} <span aria-label="then">→</span> <strong>2027</strong>' in html


def test_company_page_numbers_each_source_once_in_reading_order(client):
    company_source = make_source(title="Profile article")
    event_source = make_source(title="Launch report")
    company = make_company(name="Numbered")
    company.sources.set([company_source])
    company.summary = "Makes cells."
    company.save()
    make_event(companies=[company], sources=[event_source, company_source])
    html = client.get(company.get_absolute_url()).content.decode()
    assert html.count('id="ref-') == 2
    assert html.index('id="ref-1"') < html.index("Profile article", html.index('id="ref-1"'))
    assert 'href="#ref-2" title="Launch report"' in html


def test_draft_or_unknown_company_page_is_a_404(client):
    draft = make_company(published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = client.get("/companies/no-such-company/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


# Partnerships and sources ----------------------------------------------------------------


def test_partnerships_page_lists_who_works_with_whom(client, snapshot):
    response = client.get(reverse("companies:partnership-list"))
    html = response.content.decode()
    assert len(response.context["partnership_list"]) == 6
    assert "Solid Power" in html and "BMW tests Solid Power" in html
    partnership = response.context["partnership_list"][0]
    assert f'id="partnership-{partnership.pk}"' in html


def test_partnership_with_a_draft_company_is_hidden(client):
    make_partnership(partner=make_company(name="Draft Motors", published=False))
    response = client.get(reverse("companies:partnership-list"))
    assert "Draft Motors" not in response.content.decode()
    assert "No partnerships published yet" in response.content.decode()


def test_sources_page_lists_each_source_and_what_cites_it(client, snapshot):
    response = client.get(reverse("companies:source-list"))
    html = response.content.decode()
    assert len(response.context["source_list"]) == 6
    assert "QuantumScape starts B-sample production of solid-state batteries" in html
    assert "Cited by" in html
    assert 'href="/timeline/quantumscape-qse-5-b-sample-production/"' in html
    assert "~2027: Initial industrialisation" in html  # cited by an outlook band


def test_sources_page_leaves_out_sources_only_drafts_cite(client):
    make_company(name="Draft Co", published=False).sources.set([make_source(title="Leak")])
    make_event(published=False, sources=[make_source(title="Leak two")])
    shown = make_source(title="Band source")
    Horizon.objects.create(
        slug="soon", label="~2026", first_year=2026, last_year=2026, headline="Soon"
    ).sources.set([shown])
    html = client.get(reverse("companies:source-list")).content.decode()
    assert "Band source" in html
    assert "Leak" not in html


# Query counts ----------------------------------------------------------------------------


def grow(count):
    for _ in range(count):
        source = make_source()
        developer = make_company(country="Japan")
        developer.sources.set([source])
        partner = make_company(role="automaker")
        make_partnership(developer=developer, partner=partner).sources.set([source])
        make_event(companies=[developer, partner], sources=[source])
        make_event(companies=[developer], kind="target", date="~2027", sources=[source])
        Challenge.objects.create(
            slug=f"challenge-{developer.slug}", title="Hard", summary="Hard."
        ).sources.set([source])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (COMPANIES, 3),
        (reverse("companies:partnership-list"), 3),
        (reverse("companies:source-list"), 8),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, url, expected):
    grow(2)
    with django_assert_num_queries(expected):
        client.get(url)
    grow(15)
    with django_assert_num_queries(expected):
        client.get(url)


def test_company_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    company = make_company()
    make_partnership(developer=company).sources.set([make_source()])
    make_partnership(partner=company).sources.set([make_source()])
    make_event(companies=[company], sources=[make_source()])
    with django_assert_num_queries(12):
        client.get(company.get_absolute_url())
    for _ in range(15):
        make_partnership(partner=company).sources.set([make_source()])
        make_event(companies=[company, make_company()], kind="target", sources=[make_source()])
    with django_assert_num_queries(12):
        client.get(company.get_absolute_url())
