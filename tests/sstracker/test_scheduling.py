"""Scheduled publishing: an entry goes public at its time with nobody acting, and every public
surface, the promise summaries and the page cache agree."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from sstracker.scheduling import SCHEDULED_REASON, next_publish_time, scheduled_publish_due
from tests.conftest import make_company, make_event
from tests.timeline.test_admin_event_form import add_event
from timeline.models import Event, PromiseSummary

pytestmark = pytest.mark.django_db

SURFACES = ["/timeline/", "/feeds/events/", "/calendar.ics", "/api/events/", "/data/events.csv"]


def soon(seconds: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def scheduled_target(at: datetime.datetime, **fields) -> Event:
    company = make_company(name="Factorial Energy", slug="factorial-energy")
    fields.setdefault("title", "Factorial Solstice B samples")
    return make_event(
        companies=[company], kind="target", date="2030", published=False, publish_at=at, **fields
    )


def pass_the_time(entry) -> None:
    """The scheduled moment comes: move it into the past without a save (as a clock would)."""
    type(entry).objects.filter(pk=entry.pk).update(publish_at=soon(-1))


def test_a_scheduled_entry_is_on_no_public_surface_before_its_time(client):
    target = scheduled_target(soon(3600))
    for path in SURFACES:
        assert target.title not in client.get(path).content.decode(), path
    assert client.get(target.get_absolute_url()).status_code == 404


def test_once_its_time_has_passed_every_surface_shows_it_with_nobody_acting(client):
    target = scheduled_target(soon(3600))
    pass_the_time(target)
    assert not Event.objects.get(pk=target.pk).published  # nobody ticked the box
    for path in SURFACES:
        assert target.title in client.get(path).content.decode(), path
    assert client.get(target.get_absolute_url()).status_code == 200


def test_a_scheduled_company_goes_public_with_its_partnerships_and_page(client):
    company = make_company(name="Blue Solutions", slug="blue-solutions", published=False)
    Company.objects.filter(pk=company.pk).update(publish_at=soon(3600))
    assert client.get("/companies/blue-solutions/").status_code == 404
    pass_the_time(company)
    assert client.get("/companies/blue-solutions/").status_code == 200
    assert "Blue Solutions" in client.get("/api/companies/").content.decode()


def test_due_entries_are_recorded_as_published_and_the_promise_summary_follows():
    target = scheduled_target(soon(3600))
    assert not PromiseSummary.objects.filter(current=target).exists()
    pass_the_time(target)
    assert [entry.pk for entry in scheduled_publish_due()] == [target.pk]
    target.refresh_from_db()
    assert target.published
    record = target.history.latest()
    assert record.history_change_reason == SCHEDULED_REASON and record.history_user is None
    assert PromiseSummary.objects.filter(current=target).exists()
    assert scheduled_publish_due() == []  # done once


def test_a_future_entry_is_left_alone():
    target = scheduled_target(soon(3600))
    assert scheduled_publish_due() == []
    assert not Event.objects.get(pk=target.pk).published


def test_a_readers_request_records_due_entries_when_the_check_is_on(client, settings):
    settings.SSTRACKER_SCHEDULE_CHECK_SECONDS = 15
    target = scheduled_target(soon(3600))
    pass_the_time(target)
    client.get("/")
    assert Event.objects.get(pk=target.pk).published


def test_next_publish_time_is_the_earliest_time_still_to_come():
    first, later = soon(60), soon(3600)
    scheduled_target(later)
    company = make_company(published=False)
    Company.objects.filter(pk=company.pk).update(publish_at=first)
    make_event(published=False, publish_at=soon(-60))  # already due: not "next"
    assert next_publish_time() == first


def test_the_admin_lists_what_is_scheduled_and_when(admin_client):
    at = timezone.make_aware(datetime.datetime(2031, 3, 2, 9, 30))
    scheduled_target(at)
    make_event(title="Plain draft", published=False)
    page = admin_client.get(reverse("admin:timeline_event_changelist") + "?publication=scheduled")
    text = page.content.decode()
    assert "Factorial Solstice B samples" in text and "Plain draft" not in text
    assert "Scheduled: 02 Mar 2031 09:30" in text
    home = admin_client.get(reverse("admin:index")).content.decode()
    assert "Scheduled events" in home and "?publication=scheduled" in home


def test_the_save_message_says_when_a_scheduled_entry_goes_public(admin_client):
    texts = add_event(admin_client, publish_at_0="2031-03-02", publish_at_1="09:30:00")
    assert any(
        "is scheduled: it goes public on 02 Mar 2031 at 09:30 by itself" in text
        and 'href="/timeline/pilot-line-opens/"' in text
        for text in texts
    ), texts
    assert Event.objects.get(slug="pilot-line-opens").publish_at.hour == 9


@pytest.fixture
def page_cache_on(settings):
    settings.PAGECACHE_SECONDS = 600


def test_a_cached_page_is_not_kept_past_the_next_scheduled_time(client, page_cache_on):
    target = scheduled_target(soon(2))
    first = client.get("/timeline/")
    assert first["X-Page-Cache"] == "miss"
    assert target.title not in first.content.decode()
    assert "max-age=2" in first["Cache-Control"] or "max-age=1" in first["Cache-Control"]
    assert client.get("/timeline/")["X-Page-Cache"] == "hit"
    time.sleep(2.5)
    after = client.get("/timeline/")
    assert after["X-Page-Cache"] == "miss"
    assert target.title in after.content.decode()


def test_with_nothing_scheduled_pages_keep_the_usual_lifetime(client, page_cache_on, settings):
    make_event()
    response = client.get("/timeline/")
    assert f"max-age={settings.PAGECACHE_BROWSER_SECONDS}" in response["Cache-Control"]


def test_a_publish_time_to_come_on_a_published_entry_is_refused_saying_what_to_do(admin_client):
    response = admin_client.post(
        reverse("admin:timeline_event_add"),
        {
            "title": "Pilot line opens",
            "slug": "pilot-line-opens",
            "companies": [make_company().pk],
            "date": "Oct 2024",
            "kind": "milestone",
            "chemistry": "undisclosed",
            "published": "on",
            "publish_at_0": "2031-03-02",
            "publish_at_1": "09:30:00",
            "restatements-TOTAL_FORMS": "0",
            "restatements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "To publish it at this time instead, untick Published" in response.content.decode()
    assert not Event.objects.filter(slug="pilot-line-opens").exists()
