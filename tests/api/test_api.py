"""The read-only JSON API: public rows only, the pages' filters, stable pages, its schema."""

import copy

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_company, make_event, make_partnership, make_source
from timeline.models import Challenge, Event

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200):
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content[:500]
    return response.json()


def slugs(data) -> list[str]:
    return [row["slug"] for row in data["results"]]


# --- Drafts are absent everywhere -----------------------------------------------------------


def test_draft_companies_and_events_are_absent_from_lists_and_details(client):
    public = make_company(name="Public Cells", slug="public-cells")
    draft = make_company(name="Draft Cells", slug="draft-cells", published=False)
    make_event(slug="shown", companies=[public, draft])
    make_event(slug="hidden", companies=[public], published=False)

    assert slugs(get_json(client, "/api/companies/")) == ["public-cells"]
    events = get_json(client, "/api/events/")
    assert slugs(events) == ["shown"]
    assert [c["slug"] for c in events["results"][0]["companies"]] == ["public-cells"]
    get_json(client, "/api/companies/draft-cells/", status=404)
    get_json(client, "/api/events/hidden/", status=404)


def test_links_to_draft_targets_are_left_out(client):
    draft = make_event(slug="draft-target", kind="target", date="2025", published=False)
    make_event(slug="later-target", kind="target", date="2027", supersedes=draft)
    make_event(slug="delivery", kind="milestone", date="2025", fulfils=draft)

    events = {row["slug"]: row for row in get_json(client, "/api/events/")["results"]}
    assert events["later-target"]["supersedes"] is None
    assert events["delivery"]["fulfils"] is None
    assert "draft-target" not in str(get_json(client, "/api/slips/"))


def test_partnerships_need_both_companies_public(client):
    shown = make_partnership()
    make_partnership(partner=make_company(published=False))
    data = get_json(client, "/api/partnerships/")
    assert [row["id"] for row in data["results"]] == [shown.pk]
    assert data["results"][0]["developer"]["slug"] == shown.developer.slug


def test_sources_are_those_cited_by_public_entries(client):
    cited = make_source(title="Cited")
    make_source(title="Orphan")
    draft_only = make_source(title="Draft only")
    make_event(sources=[cited])
    make_event(sources=[draft_only], published=False)
    data = get_json(client, "/api/sources/")
    assert [row["title"] for row in data["results"]] == ["Cited"]
    get_json(client, f"/api/sources/{draft_only.pk}/", status=404)


def test_challenges_list_only_public_companies_and_events(client):
    challenge = Challenge.objects.create(slug="dendrites", title="Dendrites", summary="Short.")
    challenge.companies.set([make_company(slug="shown-co"), make_company(published=False)])
    challenge.events.set([make_event(slug="shown-ev"), make_event(published=False)])
    data = get_json(client, "/api/challenges/dendrites/")
    assert [c["slug"] for c in data["companies"]] == ["shown-co"]
    assert [e["slug"] for e in data["events"]] == ["shown-ev"]


# --- The pages' filters ---------------------------------------------------------------------


def test_event_filters_are_those_of_the_timeline(client):
    quantumscape = make_company(slug="quantumscape")
    make_event(slug="qs-target", companies=[quantumscape], kind="target", date="2026")
    make_event(slug="qs-milestone", companies=[quantumscape], kind="milestone")
    make_event(slug="other-target", kind="target", date="2026")

    data = get_json(client, "/api/events/?company=quantumscape&kind=target")
    assert slugs(data) == ["qs-target"]
    in_2026 = slugs(get_json(client, "/api/events/?year_from=2026&year_to=2026"))
    assert sorted(in_2026) == ["other-target", "qs-target"]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("company=nobody", "company", "nobody"),
        ("kind=rumour", "kind", "rumour"),
        ("year_from=20x6", "year_from", "four digits"),
        ("year_from=2030&year_to=2020", "__all__", "runs backwards"),
    ],
)
def test_a_bad_filter_is_a_400_with_the_pages_message(client, query, field, words):
    make_event()
    errors = get_json(client, f"/api/events/?{query}", status=400)
    assert words in " ".join(errors[field])


def test_company_filters_are_those_of_the_directory(client):
    make_company(slug="bmw", role="automaker", country="Germany")
    make_company(slug="sdi", role="cell_developer", country="South Korea")
    assert slugs(get_json(client, "/api/companies/?role=automaker")) == ["bmw"]
    assert slugs(get_json(client, "/api/companies/?country=South%20Korea")) == ["sdi"]
    get_json(client, "/api/companies/?role=wizard", status=400)


# --- Stable pages ---------------------------------------------------------------------------


def test_walking_the_pages_visits_every_event_once_in_order(client):
    # Same date and title for all: only the primary key separates them.
    made = [make_event(date="2026", title="Same").slug for _ in range(7)]
    seen, url = [], "/api/events/?page_size=3"
    while url:
        data = get_json(client, url)
        assert data["count"] == 7
        seen += slugs(data)
        url = data["next"]
    assert seen == made


@pytest.mark.parametrize("page", ["999", "0", "x"])
def test_a_page_past_the_end_is_a_404_not_an_error(client, page):
    make_event()
    assert "detail" in get_json(client, f"/api/events/?page={page}", status=404)


def test_page_size_is_capped(client):
    for _ in range(3):
        make_company()
    data = get_json(client, "/api/companies/?page_size=100000")
    assert len(data["results"]) == 3


# --- Slips and scorecards -------------------------------------------------------------------


@pytest.fixture
def bmw_chain():
    bmw = make_company(name="BMW", slug="bmw", role="automaker")
    first = make_event(
        slug="bmw-2025",
        companies=[bmw],
        kind="target",
        date="2025",
        announced="Apr 2024",
        status="delayed",
    )
    second = make_event(
        slug="bmw-2027",
        companies=[bmw],
        kind="target",
        date="2027",
        announced="Dec 2024",
        status="achieved",
        supersedes=first,
    )
    make_event(slug="bmw-delivery", companies=[bmw], date="Mar 2027", fulfils=second)
    return bmw


def test_a_company_detail_carries_its_scorecard(client, bmw_chain):
    card = get_json(client, "/api/companies/bmw/")["scorecard"]
    assert (card["late"], card["on_time"], card["total"], card["median_slip"]) == (1, 0, 1, 15)


def test_the_slip_list_gives_the_chain_and_its_numbers(client, bmw_chain):
    (promise,) = get_json(client, "/api/slips/?moved=true")["results"]
    assert promise["history"] == "announced Apr 2024 for 2025 → announced Dec 2024 for 2027"
    assert (promise["outcome"], promise["slip_months"], promise["moved_months"]) == (
        "late",
        15,
        24,
    )
    assert [step["slug"] for step in promise["targets"]] == ["bmw-2025", "bmw-2027"]
    assert promise["milestone"]["slug"] == "bmw-delivery"


def test_an_event_detail_carries_the_slip_of_its_chain(client, bmw_chain):
    assert get_json(client, "/api/events/bmw-2025/")["slip"]["label"] == "late by 15 months"
    assert get_json(client, "/api/events/bmw-delivery/")["slip"]["slip_months"] == 15


def test_scorecards_list_companies_with_targets(client, bmw_chain):
    make_company(slug="no-targets")
    data = get_json(client, "/api/scorecards/")
    assert [row["company"]["slug"] for row in data["results"]] == ["bmw"]
    errors = get_json(client, "/api/scorecards/?company=nobody", status=400)
    assert "nobody" in errors["company"][0]


def test_slip_filters_are_checked(client, bmw_chain):
    assert get_json(client, "/api/slips/?outcome=late&company=bmw")["count"] == 1
    assert get_json(client, "/api/slips/?outcome=on_time")["count"] == 0
    get_json(client, "/api/slips/?outcome=maybe", status=400)


# --- Fixed query counts ---------------------------------------------------------------------


def grow(n: int) -> None:
    for _ in range(n):
        developer, partner = make_company(), make_company(role="automaker")
        source = make_source()
        developer.sources.add(source)
        partnership = make_partnership(developer=developer, partner=partner)
        partnership.sources.add(source)
        first = make_event(companies=[developer, partner], sources=[source], kind="target")
        make_event(companies=[developer], kind="target", date="2027", supersedes=first)
        challenge = Challenge.objects.create(slug=f"c-{developer.slug}", title="C", summary="S")
        challenge.companies.add(developer)
        challenge.events.add(first)


@pytest.mark.parametrize(
    "url",
    [
        "/api/companies/",
        "/api/companies/?role=cell_developer",
        "/api/events/",
        "/api/events/?kind=target&company={slug}",
        "/api/partnerships/",
        "/api/challenges/",
        "/api/sources/",
        "/api/slips/",
        "/api/scorecards/",
        "/api/companies/{slug}/",
        "/api/events/{event}/",
    ],
)
def test_queries_do_not_grow_with_the_data(client, url):
    def fetch():
        # A target and one of its companies, so that every filtered list has rows.
        event = Event.objects.filter(kind="target").order_by("pk").first()
        company = event.companies.order_by("pk").first()
        with CaptureQueriesContext(connection) as counted:
            get_json(client, url.format(slug=company.slug, event=event.slug))
        return len(counted.captured_queries)

    grow(2)
    small = fetch()
    grow(6)
    assert fetch() == small <= QUERY_LIMITS.get(url, 8)


# Events also read the promises of their targets (their links, then events, companies,
# sources and restatements of those chains) for the earlier dates they fold in.
QUERY_LIMITS = {
    "/api/events/": 10,
    "/api/events/?kind=target&company={slug}": 11,  # and the company it names
    "/api/events/{event}/": 10,
}


# --- The schema describes the responses -----------------------------------------------------


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def openapi_to_json_schema(node):
    """OpenAPI 3.0's `nullable` as JSON Schema understands it.

    `oneOf` becomes `anyOf`: the schema offers "a URI or an empty string" as alternatives
    that exclude each other only when URI formats are checked, which needs a package the
    project does not install.
    """
    if isinstance(node, list):
        return [openapi_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: openapi_to_json_schema(value) for key, value in node.items()}
    if "oneOf" in node:
        node["anyOf"] = node.pop("oneOf")
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def assert_matches(schema, path, data, status="200"):
    operation = schema["paths"][path]["get"]
    body = operation["responses"][status]["content"]["application/json"]["schema"]
    document = openapi_to_json_schema({**copy.deepcopy(body), "components": schema["components"]})
    jsonschema.Draft7Validator(document).validate(data)


def every_property_is_present(schema, name, row):
    properties = schema["components"]["schemas"][name]["properties"]
    assert set(row) == set(properties)


@pytest.mark.parametrize(
    ("path", "url", "component"),
    [
        ("/api/companies/", "/api/companies/", "Company"),
        ("/api/companies/{slug}/", "/api/companies/bmw/", "CompanyDetail"),
        ("/api/events/", "/api/events/", "Event"),
        ("/api/events/{slug}/", "/api/events/bmw-2025/", "EventDetail"),
        ("/api/partnerships/", "/api/partnerships/", "Partnership"),
        ("/api/challenges/", "/api/challenges/", "Challenge"),
        ("/api/sources/", "/api/sources/", "Source"),
        ("/api/slips/", "/api/slips/", "Promise"),
        ("/api/scorecards/", "/api/scorecards/", "CompanyScorecard"),
    ],
)
def test_responses_match_the_published_schema(client, schema, bmw_chain, path, url, component):
    grow(1)
    data = get_json(client, url)
    assert_matches(schema, path, data)
    row = data["results"][0] if "results" in data else data
    every_property_is_present(schema, component, row)


def test_a_response_that_breaks_the_schema_is_caught(client, schema, bmw_chain):
    data = get_json(client, "/api/companies/")
    data["results"][0]["role"] = "wizard"
    with pytest.raises(jsonschema.ValidationError):
        assert_matches(schema, "/api/companies/", data)


def test_the_docs_page_loads_its_start_up_code_as_a_file(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html and "<script>" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_the_api_root_lists_every_endpoint(client):
    root = get_json(client, "/api/")
    assert set(root) == {
        "companies",
        "events",
        "partnerships",
        "challenges",
        "sources",
        "slips",
        "scorecards",
    }


def test_a_browser_gets_cacheable_json(client):
    make_company()
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/api/companies/", HTTP_ACCEPT=accept)
    assert response["Content-Type"] == "application/json"
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path", ["/api/docs/", "/api/docs/?script=", "/api/schema/", "/api/", "/api/events/"]
)
def test_options_never_fails_on_the_api_and_its_docs(client, path):
    client.raise_request_exception = False
    response = client.options(path)
    assert response.status_code in (200, 405)
    if response.status_code == 405:
        assert "GET" in response["Allow"]
