"""The company directory, company pages, partnerships and sources, as a reader meets them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from tests.conftest import make_company, make_event, make_partnership, make_source
from tests.timeline.test_as_of import on
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
    assert "sulfide electrolyte" in html
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


def test_company_page_shows_a_slipped_target_once_with_its_history(client):
    company = make_company()
    first = make_event(
        companies=[company], kind="target", date="2025", status="delayed", announced="Apr 2024"
    )
    later = make_event(
        companies=[company],
        kind="target",
        date="2027",
        title="Mass production",
        announced="Dec 2024",
        supersedes=first,
    )
    html = client.get(company.get_absolute_url()).content.decode()
    assert html.count('<div class="promise">') == 1
    assert f'<a href="{first.get_absolute_url()}">Announced Apr 2024 for 2025</a>' in html
    assert "<strong>Announced Dec 2024 for 2027</strong>" in html
    assert '<span class="muted">(+24 months)</span>' in html
    assert 'tag--outcome-open">Still open</span>' in html
    assert later.title in html


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
    assert "QuantumScape B-sample start (Electrive, Oct 2024)" in html
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
        # One more each for the paginator's count.
        (reverse("companies:partnership-list"), 4),
        (reverse("companies:source-list"), 9),
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
    # A target too: with none, the slip report's prefetches have nothing to fetch.
    make_event(companies=[company], kind="target", sources=[make_source()])
    with django_assert_num_queries(16):  # 15 before targets had restatements
        client.get(company.get_absolute_url())
    for _ in range(15):
        make_partnership(partner=company).sources.set([make_source()])
        make_event(companies=[company, make_company()], kind="target", sources=[make_source()])
    with django_assert_num_queries(16):
        client.get(company.get_absolute_url())


# Scorecards --------------------------------------------------------------------------------


def bmw_with_targets():
    """BMW: one target re-announced from 2025 to 2027 and met in Mar 2027, one dropped."""
    bmw = make_company(name="BMW", slug="bmw", role="automaker")
    first = make_event(
        companies=[bmw], kind="target", date="2025", status="delayed", announced="Apr 2024"
    )
    moved = make_event(
        companies=[bmw],
        kind="target",
        date="2027",
        status="achieved",
        announced="Dec 2024",
        supersedes=first,
        title="Neue Klasse cells",
    )
    make_event(companies=[bmw], date="Mar 2027", fulfils=moved, title="Neue Klasse cells built")
    make_event(companies=[bmw], kind="target", date="2026", status="cancelled", title="Dropped")
    return bmw


def test_a_company_page_shows_which_targets_were_kept_or_moved_and_by_how_much(client):
    bmw = bmw_with_targets()
    html = client.get(bmw.get_absolute_url()).content.decode()
    scorecard = html.split('id="scorecard-heading"')[1].split("</section>")[0]
    assert "<dt>Met late</dt><dd>1</dd>" in scorecard
    assert "<dt>Dropped</dt><dd>1</dd>" in scorecard
    assert "<dt>Median slip</dt><dd>15 months</dd>" in scorecard
    targets = html.split('id="targets-heading"')[1].split("</section>")[0]
    assert '<span class="promise__slip">Late by 15 months</span>' in targets
    assert "Announced Apr 2024 for 2025" in targets and "(+24 months)" in targets
    assert 'tag--outcome-abandoned">Abandoned</span>' in targets


def test_a_company_without_targets_has_no_scorecard(client):
    company = make_company()
    make_event(companies=[company])
    assert 'id="scorecard-heading"' not in client.get(company.get_absolute_url()).content.decode()


def test_the_scorecards_page_compares_companies_and_is_not_a_company_slug(client):
    bmw_with_targets()
    make_company(name="No Targets")
    response = client.get("/companies/scorecards/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["object_list"][0][0].name == "BMW"
    assert len(response.context["object_list"]) == 1
    row = html.split('<th scope="row">')[1].split("</tr>")[0]
    cells = re.findall(r'<td class="numeric">([^<]*)</td>', row)
    assert cells == ["2", "0", "1", "0", "0", "1", "1", "15"]


def test_the_scorecards_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def grow(n):
        for _ in range(n):
            company = make_company()
            make_event(companies=[company], kind="target", date="2027")

    grow(2)
    with django_assert_num_queries(6):  # the slip report reads restatements too
        client.get("/companies/scorecards/")
    grow(10)
    with django_assert_num_queries(6):
        client.get("/companies/scorecards/")


def test_company_pages_link_their_feed_and_json_twin(client):
    company = make_company(slug="bmw")
    html = client.get(company.get_absolute_url()).content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/companies/bmw/"' in html
    assert '<link rel="alternate" type="application/json" href="/api/companies/bmw/"' in html


# A company as of a past day --------------------------------------------------------------


def test_a_company_page_as_of_a_day_shows_that_days_profile_and_targets(client):
    with on(datetime.date(2025, 1, 10)):
        company = make_company(name="Solid Cells", slug="solid-cells", summary="Old summary.")
        target = make_event(companies=[company], kind="target", date="2025", title="Pilot")
    with on(datetime.date(2025, 4, 1)):
        company.summary = "New summary."
        company.save()
        later = make_event(companies=[company], kind="target", date="2027", title="Pilot, later")
        later.supersedes = target
        later.save()
        target.status = "delayed"
        target.save()

    past = client.get("/companies/solid-cells/?as_of=2025-02-01")
    assert past.status_code == 200
    html = past.content.decode()
    assert "Old summary." in html and "New summary." not in html
    assert "Pilot, later" not in html
    assert "As published on" in html and 'href="/companies/solid-cells/?">See it as' in html
    today = client.get("/companies/solid-cells/").content.decode()
    assert "New summary." in today and "Pilot, later" in today


def test_a_company_not_public_on_that_day_is_a_404(client):
    with on(datetime.date(2025, 1, 10)):
        make_company(slug="late-comer", published=False)
        make_event()
    with on(datetime.date(2025, 3, 1)):
        Company.objects.filter(slug="late-comer").update(published=True)
        company = Company.objects.get(slug="late-comer")
        company.save()
    assert client.get("/companies/late-comer/?as_of=2025-02-01").status_code == 404
    assert client.get("/companies/late-comer/?as_of=2025-03-01").status_code == 200


@pytest.mark.parametrize("value", ["", "x", "2024-13-01", "9999-01-01", "1999-12-31"])
def test_a_day_a_company_page_cannot_show_gets_a_plain_message(client, value):
    company = make_company(slug="any")
    response = client.get(f"/companies/any/?as_of={value}")
    assert response.status_code == 400
    assert "That day cannot be shown" in response.content.decode()
    assert company.name not in response.content.decode().split("<main")[1]


def test_a_company_page_as_of_a_day_runs_a_fixed_number_of_queries(client):
    company = make_company(slug="fixed")

    def grow(n):
        for _ in range(n):
            make_partnership(developer=company).sources.set([make_source()])
            make_event(companies=[company, make_company()], kind="target", sources=[make_source()])

    def count():
        url = f"/companies/fixed/?as_of={timezone.localdate().isoformat()}"
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    grow(2)
    small = count()
    grow(10)
    assert count() == small <= 16
