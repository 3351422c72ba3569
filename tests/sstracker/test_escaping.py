"""Script put into any text field shows as text on every public page, never as a script."""

from xml.etree import ElementTree

import pytest

from companies.models import Partnership
from tests.conftest import make_company, make_event, make_source
from timeline.models import Briefing, Challenge, Horizon

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
HOSTILE = f"Pilot {SCRIPT} {IMG}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile_content():
    """Every public text field of every kind of entry holds markup and script."""
    source = make_source(
        url="https://example.org/a?q=%3Cscript%3E", title=HOSTILE, publisher=HOSTILE
    )
    developer = make_company(
        name=f"Cells {SCRIPT}",
        slug="cells",
        country=HOSTILE,
        technology=HOSTILE,
        summary=HOSTILE,
        description=f"**bold** {HOSTILE} [link](javascript:alert(1))",
    )
    developer.sources.add(source)
    partner = make_company(name=f"Cars {IMG}", slug="cars", role="automaker")
    partnership = Partnership.objects.create(
        developer=developer, partner=partner, kind="supply", summary=HOSTILE
    )
    partnership.sources.add(source)
    event = make_event(
        companies=[developer, partner],
        sources=[source],
        slug="pilot",
        title=HOSTILE,
        summary=HOSTILE,
        kind="target",
        date="2027",
    )
    challenge = Challenge.objects.create(
        slug="hard", title=HOSTILE, summary=HOSTILE, detail=f"- {HOSTILE}", order=1
    )
    challenge.companies.add(developer)
    challenge.events.add(event)
    Horizon.objects.create(
        slug="h", label=f"~2027 {IMG}", first_year=2027, last_year=2027,
        headline=HOSTILE, summary=HOSTILE,
    )  # fmt: skip
    Briefing.objects.create(slug="bottom-line", title=HOSTILE, body=HOSTILE, order=1)


def test_hostile_text_in_every_field_is_escaped_or_removed_everywhere(client, hostile_content):
    pages = [
        "/",
        "/timeline/",
        "/timeline/pilot/",
        "/timeline/slips/",
        "/companies/",
        "/companies/cells/",
        "/companies/cars/",
        "/companies/scorecards/",
        "/partnerships/",
        "/challenges/",
        "/challenges/hard/",
        "/sources/",
        "/search/?q=Pilot",
        "/data/",
        "/feeds/events/",
        "/feeds/companies/cells/",
        "/sitemap.xml",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
        assert 'href="javascript:' not in html, path
    # The text itself is still there for readers, shown as text.
    assert "&lt;script&gt;alert" in client.get("/timeline/pilot/").content.decode()


@pytest.mark.parametrize("path", ["/feeds/events/", "/feeds/companies/cells/"])
def test_feed_readers_get_hostile_text_as_text_in_every_html_field(client, hostile_content, path):
    """What a feed reader renders is each html-typed element's text after XML decoding."""
    root = ElementTree.fromstring(client.get(path).content)
    html_fields = [
        element
        for element in root.iter()
        if element.get("type") in ("html", "xhtml") or element.tag.endswith("content")
    ]
    assert html_fields, "the feed has its summaries"
    for element in html_fields:
        markup = "".join(element.itertext())
        assert "<script" not in markup and "<img" not in markup, element.tag
    summaries = [element for element in html_fields if element.tag == f"{ATOM}summary"]
    assert any("&lt;script&gt;alert" in element.text for element in summaries)
    assert any("Cells &lt;script&gt;" in element.text for element in summaries)
    # Plain-text fields stay plain text: readers show them as they are.
    titles = [element.text for element in root.iter(f"{ATOM}title")]
    assert any(title.startswith(f"Pilot {SCRIPT}") for title in titles)
