"""The timeline cheat sheet, event pages and challenge pages, as a reader meets them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from tests.conftest import make_company, make_event, make_source
from tests.timeline.test_as_of import on
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
    for n in range(55):
        make_event(companies=[company], title=f"Step {n:03d}", date="2025")
    first = client.get(TIMELINE, {"company": "acme"})
    assert len(first.context["event_list"]) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert "?company=acme&amp;page=2" in first.content.decode()
    second = client.get(TIMELINE, {"company": "acme", "page": "2"})
    assert len(second.context["event_list"]) == 5
    # The chart draws the page it sits above, so it stays quick with any number of events.
    assert marks(first) == 50
    assert marks(second) == 5


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


# The page and its count, companies, sources, the outlook bands, the filter counts and the
# company select, the data date, and the promises of the listed targets (their links, then
# the report: events, companies, sources, restatements).
TIMELINE_QUERIES = 9


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
    assert f'<a href="{first.get_absolute_url()}">For 2025</a>' in html
    assert "<strong>For H2 2026</strong>" in html
    assert draft.title not in html and draft.get_absolute_url() not in html


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


# Target slips ----------------------------------------------------------------------------


def make_slipped_target(company, *, first="2025", later="2027", met=None, title="Mass production"):
    """A target re-announced for a later date, and optionally the milestone that met it."""
    original = make_event(
        companies=[company], kind="target", date=first, status="delayed", announced="Apr 2024"
    )
    current = make_event(
        companies=[company],
        kind="target",
        date=later,
        announced="Dec 2024",
        title=title,
        supersedes=original,
        status="achieved" if met else "announced",
    )
    if met:
        make_event(companies=[company], date=met, fulfils=current, title=f"{title} reached")
    return current


def test_slips_page_lists_moved_targets_largest_slip_first_with_a_chart(client):
    bmw = make_company(name="BMW")
    sdi = make_company(name="Samsung SDI")
    make_slipped_target(bmw, met="Mar 2027", title="Neue Klasse cells")
    make_slipped_target(sdi, first="2026", later="2029", title="All-solid-state cells")
    kept = make_event(companies=[sdi], kind="target", date="2026", status="achieved")
    make_event(companies=[sdi], date="Q2 2026", fulfils=kept)

    response = client.get(reverse("timeline:slip-list"))
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('<table class="slip-table">')[1]
    assert table.index("All-solid-state cells") < table.index("Neue Klasse cells")
    assert "Announced Apr 2024 for 2025 → announced Dec 2024 for 2027; met Mar 2027" in table
    assert 'tag--outcome-late">Met late</span>' in table
    assert kept.title not in table  # kept on time: nothing moved
    assert '<svg class="slip-chart"' in html
    assert '<title id="slip-chart-title">' in html and '<desc id="slip-chart-desc">' in html
    assert html.count('<a class="slip slip--') == 2
    assert 'id="how-we-score"' in html


def test_slips_page_leaves_drafts_out(client):
    company = make_company()
    draft = make_event(companies=[company], kind="target", date="2025", published=False)
    make_event(companies=[company], kind="target", date="2027", supersedes=draft, title="Shown")
    hidden = make_slipped_target(company, title="Hidden")
    hidden.published = False
    hidden.save()
    html = client.get(reverse("timeline:slip-list")).content.decode()
    assert "Hidden" not in html and draft.get_absolute_url() not in html


def test_slips_page_without_slips_says_so(client):
    make_event(kind="target", date="2099")
    html = client.get(reverse("timeline:slip-list")).content.decode()
    assert "No target has moved yet" in html and "<svg" not in html


def test_slips_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    # The page of summaries, their count, their companies, and the footer's date.
    for _ in range(2):
        make_slipped_target(make_company(), met="2027")
    with django_assert_num_queries(4):
        client.get(reverse("timeline:slip-list"))
    for _ in range(12):
        make_slipped_target(make_company(), later="2030")
    with django_assert_num_queries(4):
        client.get(reverse("timeline:slip-list"))


def test_a_milestone_page_says_how_late_it_met_its_promise(client):
    company = make_company(name="BMW")
    make_slipped_target(company, met="Mar 2027")
    milestone = Event.objects.get(fulfils__isnull=False)
    html = client.get(milestone.get_absolute_url()).content.decode()
    assert "The promise it met" in html
    assert '<span class="promise__slip">Late by 15 months</span>' in html


def test_event_pages_link_their_json_twin(client):
    event = make_event(slug="pilot")
    html = client.get(event.get_absolute_url()).content.decode()
    assert '<link rel="alternate" type="application/json" href="/api/events/pilot/"' in html


# The timeline as of a past day -----------------------------------------------------------


def test_the_timeline_as_of_a_day_shows_that_days_events_with_a_banner(client):
    with on(datetime.date(2025, 1, 10)):
        event = make_event(title="Pilot line planned", kind="target", date="2026")
        make_event(title="Announced later", published=False)
    with on(datetime.date(2025, 3, 1)):
        event.title = "Pilot line opens"
        event.save()
        Event.objects.filter(title="Announced later").update(published=True)

    response = client.get(f"{TIMELINE}?as_of=2025-02-01&kind=target")
    assert response.status_code == 200
    html = response.content.decode()
    assert listed_titles(response) == ["Pilot line planned"]
    assert 'As published on <time datetime="2025-02-01">1 February 2025</time>' in html
    assert 'href="/timeline/?kind=target">See it as it is today</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<input type="hidden" name="as_of" value="2025-02-01">' in html
    assert sorted(listed_titles(client.get(TIMELINE))) == ["Announced later", "Pilot line opens"]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("", "Enter a day as YYYY-MM-DD"),
        ("x", "is not a date"),
        ("2024-13-01", "is not a day of the calendar"),
        ("9999-01-01", "is in the future"),
        ("2000-01-01", "history starts on"),
    ],
)
def test_a_day_the_timeline_cannot_show_gets_a_plain_message(client, value, words):
    make_event()
    response = client.get(f"{TIMELINE}?as_of={value}")
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html and "That day cannot be shown" in html
    assert 'href="/timeline/?">See this page as it is today</a>' in html


def test_the_timeline_as_of_a_day_runs_a_fixed_number_of_queries(client):
    def grow(n):
        for _ in range(n):
            make_event(companies=[make_company()], sources=[make_source()])

    grow(2)
    url = f"{TIMELINE}?as_of={timezone.localdate().isoformat()}"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries) <= 14


def test_rows_and_the_chart_are_rendered_once_per_content_version(client):
    event = make_event(title="Pilot line opens", date="2024")
    assert "Pilot line opens" in client.get(TIMELINE).content.decode()
    # A write that skips the signals (and so the version) shows the rendered row is reused...
    Event.objects.filter(pk=event.pk).update(title="Renamed behind the cache's back")
    assert "Pilot line opens" in client.get(TIMELINE).content.decode()
    # ...and any ordinary save renders it again, chart included.
    event.refresh_from_db()
    event.title = "Pilot line opens in Nagoya"
    event.save()
    html = client.get(TIMELINE).content.decode()
    assert html.count("Pilot line opens in Nagoya") >= 2  # the row and the chart's label
    assert "Pilot line opens</a>" not in html
