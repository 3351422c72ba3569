"""The admin home and the review queue's bulk action, as an editor uses them."""

import datetime
import html

import pytest
from django.urls import reverse

from companies.models import Company
from tests.conftest import make_company, make_event, make_source
from timeline.models import Event

pytestmark = pytest.mark.django_db


def home(client) -> str:
    return html.unescape(client.get(reverse("admin:index")).content.decode())


def test_the_seeded_snapshot_shows_as_one_line_of_history(editor_client, snapshot):
    page = home(editor_client)
    latest = page[page.index("Latest changes") :]
    assert latest.count("Loaded from the seeded snapshot") == 1
    assert "entries (" in latest


def test_an_editors_change_after_the_snapshot_is_listed_above_it(editor_client, editor, snapshot):
    event = Event.objects.get(slug="catl-small-batch-production")
    event._history_user = editor
    event.title = "CATL small batch, checked"
    event.save()
    latest = home(editor_client).split("Latest changes", 1)[1]
    assert latest.index("CATL small batch, checked") < latest.index("Loaded from the seeded")


def test_attention_counts_only_what_readers_see_and_drafts_sit_apart(editor_client):
    make_event(title="Draft idea", published=False)  # unverified and unsourced, but a draft
    page = home(editor_client)
    attention = page.split("Needs attention", 1)[1].split("Latest changes", 1)[0]
    # Only the draft's company is public: unverified and without a source.
    assert "Published companies not verified recently" in attention
    assert "Published events not verified recently" not in attention
    assert "In progress:" in attention and "Draft events" in attention


def test_nothing_public_to_check_says_so(editor_client):
    company = make_company(last_verified=datetime.date.today())
    company.sources.add(make_source())
    assert "Nothing to review." in home(editor_client)


def test_bulk_mark_verified_marks_every_ticked_entry_and_records_each(editor_client, editor):
    events = [make_event(sources=[make_source()], last_verified=None) for _ in range(3)]
    url = reverse("admin:timeline_review_verified_many", args=["event"])
    response = editor_client.post(url, {"entry": [e.pk for e in events]}, follow=True)
    assert "3 events marked verified today." in html.unescape(response.content.decode())
    for event in events:
        event.refresh_from_db()
        assert event.last_verified == datetime.date.today()
        assert event.history.latest().history_user == editor


def test_bulk_mark_verified_refuses_an_entry_without_a_source_saying_why(editor_client):
    bare = make_company(name="Bare Cells", last_verified=None)
    url = reverse("admin:timeline_review_verified_many", args=["company"])
    response = editor_client.post(url, {"entry": [bare.pk]}, follow=True)
    page = html.unescape(response.content.decode())
    assert "“Bare Cells” cites no source, so it cannot be verified against its sources" in page
    assert Company.objects.get(pk=bare.pk).last_verified is None


def test_the_queue_offers_ticks_and_a_bulk_button_but_no_verify_for_unsourced(editor_client):
    sourced = make_event(title="Sourced claim", sources=[make_source()], last_verified=None)
    bare = make_event(title="Bare claim", last_verified=None)
    page = editor_client.get(reverse("admin:timeline_review")).content.decode()
    assert f'id="verify-stale-events-{sourced.pk}"' in page
    assert f'id="verify-stale-events-{bare.pk}"' not in page
    assert "Mark selected events verified today" in page
    assert "No source: add one before verifying." in page


def test_the_change_form_refuses_a_verified_date_without_a_source(admin_client):
    company = make_company(name="Bare Cells", last_verified=None)
    url = reverse("admin:companies_company_change", args=[company.pk])
    data = {
        "name": "Bare Cells",
        "slug": company.slug,
        "role": "cell_developer",
        "electrolyte": "undisclosed",
        "last_verified": "2026-01-05",
        **{
            f"{prefix}-{name}": "0"
            for prefix in ["partnerships_as_developer", "partnerships_as_partner"]
            for name in ["TOTAL_FORMS", "INITIAL_FORMS"]
        },
    }
    response = admin_client.post(url, data)
    assert "cites no source, so it cannot be verified" in html.unescape(response.content.decode())
    assert Company.objects.get(pk=company.pk).last_verified is None
