"""Home, search, the shared layout and the error pages."""

import datetime

import pytest
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from changelog.services import changelog_refresh
from companies.models import Company
from sstracker.context_processors import site_freshness
from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Challenge

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/timeline/",
    "/timeline/quantumscape-qse-5-b-sample-production/",
    "/companies/",
    "/companies/quantumscape/",
    "/partnerships/",
    "/challenges/",
    "/challenges/interface-engineering/",
    "/sources/",
    "/search/?q=solid",
]


# The layout ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_the_shared_layout(client, snapshot, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for landmark in ('<header class="site-header">', '<nav class="site-nav" aria-label="Main">',
                     '<main id="main"', '<footer class="site-footer">'):  # fmt: skip
        assert landmark in html
    assert '<meta name="description" content="' in html
    assert '<link rel="canonical" href="http://testserver/' in html
    assert '<meta property="og:title" content="' in html
    assert "Last edited" in html and "Latest dated fact" in html
    assert 'href="/methodology/"' in html
    assert "style=" not in html and "<script" not in html


def test_navigation_marks_the_current_section(client, snapshot):
    html = client.get("/companies/quantumscape/").content.decode()
    assert 'href="/companies/" aria-current="page"' in html


def test_last_updated_counts_published_content_only(client):
    company = make_company()
    draft = make_company(published=False)
    Company.objects.filter(pk=company.pk).update(
        updated=datetime.datetime(2025, 3, 4, tzinfo=datetime.UTC)
    )
    Company.objects.filter(pk=draft.pk).update(
        updated=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    assert site_freshness()["last_edited"].date() == datetime.date(2025, 3, 4)
    assert 'Last edited <time datetime="2025-03-04">4 March 2025</time>' in (
        client.get("/").content.decode()
    )


def test_last_updated_sees_events_and_partnerships(django_assert_num_queries):
    make_company()
    event = make_event()
    partnership = make_partnership()
    with django_assert_num_queries(1):
        latest = site_freshness()["last_edited"]
    assert latest == max(event.updated, partnership.updated)


def test_last_updated_is_absent_when_nothing_is_published(db):
    assert site_freshness() == {"last_edited": None, "latest_fact": None}


def test_the_footer_separates_last_edited_from_the_latest_dated_fact(client, snapshot):
    # The snapshot was loaded today, but its newest milestone is from July 2025; its targets
    # (2026, ~2027, late 2020s) are plans, not facts.
    html = client.get("/").content.decode()
    assert "Latest dated fact: Jul 2025." in html
    assert f'Last edited <time datetime="{timezone.localdate():%Y-%m-%d}">' in html


def test_the_latest_dated_fact_leaves_drafts_and_targets_out(db):
    company = make_company()
    make_event(companies=[company], date="Mar 2024")
    make_event(companies=[company], date="Jun 2025", published=False)
    make_event(companies=[company], date="2030", kind="target")
    assert str(site_freshness()["latest_fact"]) == "Mar 2024"


def test_the_latest_dated_fact_is_read_without_a_published_company(db):
    company = make_company(published=False)
    make_event(companies=[company], date="Mar 2024")
    assert str(site_freshness()["latest_fact"]) == "Mar 2024"


# Home ------------------------------------------------------------------------------------


def test_home_gives_the_bottom_line_nuance_outlook_and_events(client, snapshot):
    response = client.get("/")
    html = response.content.decode()
    assert "The bottom line" in html and "Semi-solid is not all-solid" in html
    for slug in ("2024-2025", "2026", "2027", "2030"):
        assert f'id="horizon-{slug}"' in html
    # Each band lists, and links to, every event whose dates overlap its years.
    assert 'href="/timeline/?year_from=2027&amp;year_to=2028&amp;match=overlap"' in html
    assert "QuantumScape begins QSE-5 B-sample production" in html
    assert [e.title for e in response.context["milestones"]][0] == (
        "QuantumScape and PowerCo expand their collaboration"
    )


def test_home_lists_only_upcoming_targets(client):
    make_event(kind="target", date="2001", title="Long past target")
    make_event(kind="target", date="2199", title="Far future target")
    html = client.get("/").content.decode()
    assert "Far future target" in html
    assert "Long past target" not in html


def test_home_hides_drafts(client):
    make_event(title="Secret milestone", published=False)
    make_event(title="Secret target", kind="target", date="2199", published=False)
    html = client.get("/").content.decode()
    assert "Secret milestone" not in html and "Secret target" not in html


# Search ----------------------------------------------------------------------------------


def test_search_keeps_the_query_and_finds_challenges(client, snapshot):
    response = client.get(reverse("search"), {"q": "dendrite"})
    html = response.content.decode()
    assert 'value="dendrite"' in html
    assert "Lithium-metal anode stability" in html


def grow(first, last):
    for n in range(first, last):
        company = make_company(name=f"Grow {n} Cells")
        source = make_source(title=f"Grow report {n}")
        company.sources.set([source])
        make_event(companies=[company], title=f"Grow event {n}", sources=[source])
        make_event(companies=[company], title=f"Grow target {n}", kind="target", date="2199")
        Challenge.objects.create(slug=f"grow-{n}", title=f"Grow problem {n}", summary="Grow.")


# Home: its lists, the ladder (companies, live events and their companies) and one slip report
# for both the ladder and the next targets' earlier dates. Search: tests/sstracker/test_search.
@pytest.mark.parametrize(("url", "expected"), [("/", 17)])
def test_home_and_search_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, url, expected
):
    # At most: a page of results with no target reads no promises.
    grow(0, 2)
    with django_assert_max_num_queries(expected):
        client.get(url)
    grow(2, 62)
    with django_assert_max_num_queries(expected):
        client.get(url)


# Errors ----------------------------------------------------------------------------------


def test_unknown_address_gets_the_site_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert '<nav class="site-nav" aria-label="Main">' in html


def test_500_page_renders_without_a_request_or_the_database():
    html = get_template("500.html").render()
    assert "Something went wrong on our side" in html


# Open data, feeds and crawlers -----------------------------------------------------------


def test_the_data_page_offers_every_dataset_with_its_licence_and_citation(client):
    html = client.get(reverse("data")).content.decode()
    for slug in ("companies", "events", "partnerships", "sources"):
        assert f'href="/data/{slug}.csv" download>CSV</a>' in html
        assert f'href="/data/{slug}.json">JSON</a>' in html
    assert 'href="/data/challenges.json">JSON</a>' in html
    assert "/data/challenges.csv" not in html
    assert 'rel="license">CC BY 4.0</a>' in html
    assert "How to cite" in html and "http://testserver/data/" in html
    assert 'href="/api/docs/"' in html and 'href="/api/schema/"' in html


def test_a_csv_download_is_the_import_format_without_drafts(client):
    make_company(slug="public-co")
    make_company(slug="draft-co", published=False)
    response = client.get("/data/companies.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="sstracker-companies.csv"' in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("slug,name,role,")
    assert [line.split(",")[0] for line in lines[1:]] == ["public-co"]


def test_a_json_download_carries_the_licence(client):
    make_event(slug="shown")
    make_event(slug="hidden", published=False)
    data = client.get("/data/events.json").json()
    assert data["licence"]["name"] == "CC BY 4.0"
    assert [item["slug"] for item in data["items"]] == ["shown"]


@pytest.mark.parametrize("url", ["/data/nothing.csv", "/data/nothing.json", "/data/challenges.csv"])
def test_an_unknown_download_is_a_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "expected"),
    # The JSON reads the events with their stored promises, and the changelog for when
    # published content last changed (whether it has news, then its newest entry). The page
    # lists the datasets and the releases.
    [("/data/events.csv", 3), ("/data/events.json", 7), ("/data/", 1 + 1)],
)
def test_downloads_run_a_fixed_number_of_queries(client, django_assert_num_queries, url, expected):
    grow(0, 2)
    changelog_refresh()
    with django_assert_num_queries(expected):
        client.get(url)
    grow(2, 30)
    changelog_refresh()
    with django_assert_num_queries(expected):
        client.get(url)


def test_every_page_links_the_feed_and_the_calendar(client, snapshot):
    for url in PUBLIC_PAGES:
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml" href="/feeds/events/"' in html
        assert '<link rel="alternate" type="text/calendar" href="/calendar.ics"' in html


def test_the_timeline_links_its_json_twin_with_the_same_filters(client, snapshot):
    html = client.get("/timeline/?kind=target").content.decode()
    assert '<link rel="alternate" type="application/json" href="/api/events/?kind=target"' in html


def test_a_nul_character_in_a_search_is_ignored(client, snapshot):
    response = client.get("/search/?q=solid%00")
    assert response.status_code == 200
    assert response.context["query"] == "solid"


@pytest.mark.parametrize(
    "url",
    [
        "/timeline/?as_of=%00",
        "/timeline/?as_of=2025-01-01%00",
        "/companies/any/?as_of=%3Cscript%3E",
        "/api/events/?q=%00",
        "/api/slips/?company=%00",
        "/api/slips/?moved=maybe",
        "/feeds/companies/%00/",
        "/data/%00.csv",
    ],
)
def test_new_addresses_answer_hostile_values_calmly(client, url):
    make_company(slug="any")
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert b"<script>" not in response.content


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
