"""Every public page is valid HTML, as the Nu HTML checker (the W3C validator's engine) reads it.

The pages are fetched with the test client, written to a folder and checked in one run of
vnu.jar, so one Java start-up serves them all.
"""

import json
import subprocess

import pytest
from django.utils import timezone

from tests.slipped import add_bmw_slip
from tests.tools import VNU_JAR, installed

PUBLIC_PAGES = {
    "home": "/",
    "timeline": "/timeline/",
    "timeline-filtered": "/timeline/?kind=target&company=samsung-sdi",
    "timeline-bad-filter": "/timeline/?kind=banana",
    "event": "/timeline/quantumscape-qse-5-b-sample-production/",
    "companies": "/companies/",
    "company": "/companies/bmw/",
    "partnerships": "/partnerships/",
    "challenges": "/challenges/",
    "challenge": "/challenges/lithium-metal-anode-stability/",
    "sources": "/sources/",
    "search": "/search/?q=solid",
    "search-nothing": "/search/?q=zzzz",
    "data": "/data/",
    "slips": "/timeline/slips/",
    "scorecards": "/companies/scorecards/",
    "methodology": "/methodology/",
    "not-found": "/no-such-page/",
    "changes": "/changes/",
    "changes-bad-filter": "/changes/?kind=banana",
    "event-history": "/timeline/quantumscape-qse-5-b-sample-production/history/",
    "corrections": "/corrections/",
    "report-form": "/corrections/report/event/quantumscape-qse-5-b-sample-production/",
}


def vnu_errors(folder) -> list[dict]:
    """The checker's error messages for every .html file in `folder`."""
    files = sorted(str(path) for path in folder.glob("*.html"))
    run = subprocess.run(
        ["java", "-jar", str(installed(VNU_JAR)), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The checker writes its report to stderr and exits 1 when it found errors.
    return json.loads(run.stderr)["messages"]


@pytest.mark.django_db
def test_every_public_page_is_valid_html(client, snapshot, tmp_path):
    add_bmw_slip()
    pages = PUBLIC_PAGES | {"timeline-as-of": f"/timeline/?as_of={timezone.localdate()}"}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code in (200, 404), f"{path} answered {response.status_code}"
        (tmp_path / f"{name}.html").write_bytes(response.content)

    errors = [
        f"{pages[message['url'].rsplit('/', 1)[-1].removesuffix('.html')]} "
        f"line {message.get('lastLine', '?')}: {message['message']}"
        for message in vnu_errors(tmp_path)
    ]
    assert errors == [], "The Nu HTML checker found errors:\n" + "\n".join(errors)
