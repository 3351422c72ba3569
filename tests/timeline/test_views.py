"""The timeline cheat sheet, event pages and challenge pages, as a reader meets them."""

import re

import pytest
from django.urls import reverse

from companies.models import Company
from tests.conftest import make_company, make_event, make_source
from timeline.models import Challenge, Event

pytestmark = pytest.mark.django_db

TIMELINE = "/timeline/"


def marks(response) -> int:
    """How many event marks the SVG chart draws."""
    return len(re.findall(r'<a class="mark ', response.content.decode()))


def listed_titles(response) -> list[str]:
    return [event.title for event in response.context["event_list"]]


# The page --------------------------------------------------------------------------------


def test_timeline_groups_events_by_year_with_their_fuzzy_dates(client, snapshot):
    response = client.get(TIMELINE)
    assert response.status_code == 200
    html = response.content.decode()
    for year in ("2024", "2025", "2026", "2027"):
        assert f'id="year-{year}"' in html
    assert "mid-2024" in html and "Oct 2024" in html and "~2027" in html
    assert "QuantumScape begins QSE-5 B-sample production" in html
    # Grouped by the first day the date can mean: "late 2020s" sits under 2027.
    section_2027 = html.split('id="year-2027"')[1]
    assert "BMW: broader commercialisation later in the decade" in section_2027


def test_timeline_shows_companies_stage_chemistry_and_target_status(client, snapshot):
    html = client.get(TIMELINE).content.decode()
    assert 'href="/companies/quantumscape/"' in html
    assert "B-sample" in html
    assert "Semi-solid" in html
    assert "Target announced" in html


def test_timeline_has_one_chart_mark_per_listed_event(client, snapshot):
    response = client.get(TIMELINE)
    assert marks(response) == len(response.context["event_list"]) == 10
    html = response.content.decode()
    assert 'role="img"' in html and 'aria-labelledby="chart-title chart-desc"' in html
    assert html.count('class="band band--') == 4
    assert "<table>" in html and "The chart as a table" in html


def test_chart_follows_the_filters(client, snapshot):
    response = client.get(TIMELINE, {"kind": "target"})
    assert marks(response) == 4
    assert 'class="mark mark--milestone"' not in response.content.decode()


def test_title_description_canonical_and_open_graph(client, snapshot):
    html = client.get(TIMELINE, {"kind": "target"}).content.decode()
    assert "<title>Timeline cheat sheet · sstracker</title>" in html
    assert '<meta name="description"' in html
    assert '<link rel="canonical" href="http://testserver/timeline/">' in html
    assert '<meta property="og:title"' in html


# Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"company": "quantumscape"}, 2),
        ({"kind": "milestone"}, 6),
        ({"kind": "target"}, 4),
        ({"stage": "road_test"}, 2),
        ({"chemistry": "semi_solid"}, 1),
        ({"status": "announced"}, 4),
        ({"year_from": "2025"}, 8),
        ({"year_to": "2024"}, 2),
        ({"year_from": "2027", "year_to": "2027"}, 2),
        ({"q": "i7"}, 1),
        ({"q": "welion"}, 1),
    ],
)
def test_each_filter_narrows_the_list(client, snapshot, query, expected):
    response = client.get(TIMELINE, query)
    assert response.status_code == 200
    assert len(response.context["event_list"]) == expected


def test_filters_combine(client, snapshot):
    response = client.get(TIMELINE, {"company": "factorial-energy", "kind": "target"})
    assert listed_titles(response) == ["Stellantis demonstration fleet with Factorial cells"]


def test_year_2027_holds_the_samsung_sdi_and_catl_targets(client, snapshot):
    response = client.get(TIMELINE, {"kind": "target", "year_from": "2027", "year_to": "2027"})
    companies = {c.name for e in response.context["event_list"] for c in e.companies.all()}
    assert companies == {"Samsung SDI", "CATL"}


def test_active_filters_show_as_chips_that_remove_themselves(client, snapshot):
    html = client.get(TIMELINE, {"company": "quantumscape", "kind": "milestone"}).content.decode()
    assert "Company: <strong>QuantumScape</strong>" in html
    assert "Kind: <strong>Milestone</strong>" in html
    assert 'href="/timeline/?kind=milestone"' in html  # removes the company
    assert 'href="/timeline/?company=quantumscape"' in html  # removes the kind


def test_removing_a_chip_drops_the_page_number_too(client, snapshot):
    html = client.get(TIMELINE, {"kind": "milestone", "page": "1"}).content.decode()
    assert 'href="/timeline/"><span>Kind:' in html


def test_no_match_gives_a_clear_empty_state(client, snapshot):
    response = client.get(TIMELINE, {"company": "ford"})
    assert response.status_code == 200
    assert "No events match these filters" in response.content.decode()
    assert marks(response) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"company": "no-such-company"}, "There is no company “no-such-company” on this site."),
        ({"kind": "banana"}, "“banana” is not a known kind of event"),
        ({"stage": "x"}, "is not a known stage"),
        ({"chemistry": "liquid"}, "is not a known chemistry"),
        ({"status": "done"}, "is not a known target status"),
        ({"year_from": "abc"}, "Enter a year as four digits"),
        ({"year_to": "99999999999999999999999999"}, "Enter a year from 1900 to 2200."),
        ({"year_from": "-5"}, "Enter a year from 1900 to 2200."),
        ({"year_from": "2030", "year_to": "2025"}, "The year range runs backwards"),
        ({"q": "x" * 101}, "at most 100 characters"),
    ],
)
def test_bad_filter_values_give_a_message_never_an_error(client, snapshot, query, message):
    response = client.get(TIMELINE, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "These filters could not be applied" in html
    assert message in html
    assert response.context["event_list"] == []
    assert marks(response) == 0


def test_pagination_keeps_the_filters(client):
    company = make_company(slug="acme", name="Acme")
    for n in range(105):
        make_event(companies=[company], title=f"Step {n:03d}", date="2025")
    first = client.get(TIMELINE, {"company": "acme"})
    assert len(first.context["event_list"]) == 100
    assert "Page 1 of 2" in first.content.decode()
    assert "?company=acme&amp;page=2" in first.content.decode()
    second = client.get(TIMELINE, {"company": "acme", "page": "2"})
    assert len(second.context["event_list"]) == 5
    # The chart is an overview of every matching event, not of one page.
    assert marks(second) == 105


@pytest.mark.parametrize("page", ["999", "x", "0"])
def test_a_page_that_does_not_exist_is_a_404_in_the_site_style(client, snapshot, page):
    response = client.get(TIMELINE, {"page": page})
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


# Drafts ----------------------------------------------------------------------------------


def test_draft_events_and_companies_never_appear_on_the_timeline(client):
    public = make_company(name="Public Cells", slug="public-cells")
    hidden = make_company(name="Secret Cells", slug="secret-cells", published=False)
    make_event(companies=[public, hidden], title="Joint test")
    make_event(companies=[public], title="Unannounced plan", published=False)
    response = client.get(TIMELINE)
    html = response.content.decode()
    assert "Joint test" in html
    assert "Unannounced plan" not in html
    assert "Secret Cells" not in html
    assert marks(response) == 1
    assert client.get(TIMELINE, {"company": "secret-cells"}).context["event_list"] == []


def test_a_draft_event_page_is_a_404(client):
    event = make_event(published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


# Query counts ----------------------------------------------------------------------------


def grow_timeline(count):
    for _ in range(count):
        source = make_source()
        make_event(companies=[make_company(), make_company()], sources=[source])
        make_event(kind="target", date="~2027", sources=[source])


TIMELINE_QUERIES = 6


def test_timeline_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    grow_timeline(2)
    with django_assert_num_queries(TIMELINE_QUERIES):
        client.get(TIMELINE)
    grow_timeline(20)
    with django_assert_num_queries(TIMELINE_QUERIES):
        client.get(TIMELINE, {"kind": "target"})


# Event pages -----------------------------------------------------------------------------


def test_event_page_shows_the_facts_and_numbered_sources(client, snapshot):
    response = client.get("/timeline/quantumscape-qse-5-b-sample-production/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>QuantumScape begins QSE-5 B-sample production</h1>" in html
    assert "Oct 2024" in html and "B-sample" in html
    assert 'href="#ref-1"' in html and 'id="ref-1"' in html
    assert "https://www.electrive.com/2024/10/28/quantumscape-starts-b-sample" in html
    assert 'property="og:type" content="article"' in html


def test_event_page_shows_the_target_history_without_drafts(client):
    company = make_company()
    first = make_event(companies=[company], kind="target", date="2025", status="delayed")
    draft = make_event(
        companies=[company], kind="target", date="2026", status="delayed", published=False
    )
    draft.supersedes = first
    draft.save()
    latest = make_event(companies=[company], kind="target", date="2027", title="Mass production")
    latest.supersedes = draft
    latest.save()
    middle = make_event(companies=[company], kind="target", date="H2 2026", title="Slip")
    middle.supersedes = first
    middle.save()
    html = client.get(middle.get_absolute_url()).content.decode()
    assert "Target history" in html
    assert '2025</a> <span aria-label="then">→</span> <strong>H2 2026</strong>' in html
    assert draft.title not in html


def test_unknown_event_slug_is_a_404(client, snapshot):
    response = client.get("/timeline/no-such-event/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


# Challenges ------------------------------------------------------------------------------


def test_challenge_list_shows_the_five_problems_in_order(client, snapshot):
    response = client.get(reverse("timeline:challenge-list"))
    titles = [challenge.title for challenge in response.context["challenge_list"]]
    assert len(titles) == 5
    assert titles[0] == "Lithium-metal anode stability and dendrite suppression"
    assert 'href="/companies/quantumscape/"' in response.content.decode()


def test_challenge_page_shows_detail_related_companies_and_events(client):
    company = make_company(name="Anode Works")
    hidden = make_company(name="Hidden Works", published=False)
    public_event = make_event(companies=[company], title="Dendrite-free cycling")
    draft_event = make_event(companies=[company], title="Secret result", published=False)
    challenge = Challenge.objects.create(
        slug="dendrites", title="Dendrites", summary="Short.", detail="- **Hard** to stop."
    )
    challenge.companies.set([company, hidden])
    challenge.events.set([public_event, draft_event])
    challenge.sources.set([make_source(title="Review article")])
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "<strong>Hard</strong>" in html
    assert "Anode Works" in html and "Hidden Works" not in html
    assert "Dendrite-free cycling" in html and "Secret result" not in html
    assert "Review article" in html and 'id="ref-1"' in html


def test_unknown_challenge_is_a_404(client):
    assert client.get("/challenges/nothing/").status_code == 404


def test_snapshot_has_no_draft_to_leak(snapshot):
    # Guards the draft tests above: they build their own drafts because the seed has none.
    assert not Event.objects.filter(published=False).exists()
    assert not Company.objects.filter(published=False).exists()


def test_empty_form_fields_are_dropped_from_the_address(client, snapshot):
    response = client.get(TIMELINE, {"q": "", "kind": "target", "stage": "", "year_from": " "})
    assert response.status_code == 302
    assert response.url == "/timeline/?kind=target"
    assert client.get(TIMELINE, {"q": "", "stage": ""}).url == "/timeline/"
