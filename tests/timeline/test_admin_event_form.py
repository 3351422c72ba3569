"""The event form: fields grouped by kind, and a save message that says who can see the entry."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import make_company

pytestmark = pytest.mark.django_db


def fieldset_of(page: str, field: str) -> str:
    """The class attribute of the fieldset holding a field's input."""
    before = page[: page.index(f'name="{field}"')]
    opening = before[before.rindex("<fieldset") :]
    return opening.split('class="', 1)[1].split('"', 1)[0]


def test_fulfils_is_with_the_milestone_fields_and_status_with_the_target_fields(admin_client):
    page = admin_client.get(reverse("admin:timeline_event_add")).content.decode()
    assert "event-kind-milestone" in fieldset_of(page, "fulfils")
    for field in ["status", "announced", "supersedes", "date_change"]:
        assert "event-kind-target" in fieldset_of(page, field), field
    assert "js/admin-event-kind" in page


def add_event(client, **changes):
    company = make_company()
    data = {
        "title": "Pilot line opens",
        "slug": "pilot-line-opens",
        "companies": [company.pk],
        "date": "Oct 2024",
        "kind": "milestone",
        "stage": "pilot_line",
        "chemistry": "undisclosed",
        "restatements-TOTAL_FORMS": "0",
        "restatements-INITIAL_FORMS": "0",
        **changes,
    }
    response = client.post(reverse("admin:timeline_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_saving_a_draft_says_it_is_not_public_and_links_its_preview(admin_client):
    texts = add_event(admin_client)
    assert any(
        "is a draft: readers cannot see it" in text
        and 'href="/timeline/pilot-line-opens/"' in text
        and "Preview its page" in text
        for text in texts
    ), texts


def test_saving_a_published_entry_says_it_is_public_and_links_its_page(admin_client):
    texts = add_event(admin_client, published="on")
    assert any(
        "is public" in text and 'href="/timeline/pilot-line-opens/"' in text for text in texts
    ), texts
