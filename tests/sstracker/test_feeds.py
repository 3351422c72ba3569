"""Atom feeds of published events: they parse, list changes first, and never show drafts."""

import datetime
from unittest import mock

import feedparser
import pytest
from django.utils import timezone

from tests.conftest import make_company, make_event

pytestmark = pytest.mark.django_db


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_event_feed_parses_and_lists_published_events(client):
    company = make_company(name="QuantumScape")
    make_event(
        title="QSE-5 B-samples shipped",
        companies=[company],
        date="Oct 2024",
        stage="b_sample",
        summary="Cells left the line.",
    )
    feed = read_feed(client, "/feeds/events/")
    assert feed.feed.title == "sstracker: new and changed milestones and targets"
    (entry,) = feed.entries
    assert entry.title == "QSE-5 B-samples shipped (Oct 2024)"
    assert entry.link.startswith("http://testserver/timeline/")
    assert "QuantumScape" in entry.summary and "Cells left the line." in entry.summary
    assert {tag.term for tag in entry.tags} == {"Milestone", "QuantumScape"}


def test_draft_event_is_not_in_feed(client):
    make_event(title="Public")
    make_event(title="Secret plan", published=False)
    feed = read_feed(client, "/feeds/events/")
    assert [entry.title for entry in feed.entries] == ["Public (Oct 2024)"]


def test_a_changed_event_comes_first_with_its_new_time_and_the_same_id(client):
    def at(day):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        return mock.patch("django.utils.timezone.now", return_value=moment)

    with at(datetime.date(2025, 1, 1)):
        changed = make_event(title="Pilot line")
    with at(datetime.date(2025, 2, 1)):
        make_event(title="Newer")
    before = read_feed(client, "/feeds/events/").entries
    with at(datetime.date(2025, 3, 1)):
        changed.date = "Q2 2025"
        changed.save()
    after = read_feed(client, "/feeds/events/").entries

    assert [entry.title for entry in after] == ["Pilot line (Q2 2025)", "Newer (Oct 2024)"]
    assert after[0].id == before[1].id
    assert after[0].updated.startswith("2025-03-01")
    assert after[0].published.startswith("2025-01-01")


def test_published_is_when_the_entry_first_went_public_and_the_text_carries_its_own_date(
    client,
):
    def at(day):
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        return mock.patch("django.utils.timezone.now", return_value=moment)

    with at(datetime.date(2025, 1, 1)):
        event = make_event(title="Road tests", date="early 2025", published=False)
    with at(datetime.date(2025, 2, 10)):
        event.published = True
        event.save()
    with at(datetime.date(2025, 3, 1)):
        event.summary = "Prototype vehicles on public roads."
        event.save()

    (entry,) = read_feed(client, "/feeds/events/").entries
    assert entry.published.startswith("2025-02-10")  # not the draft's creation
    assert entry.updated.startswith("2025-03-01")
    assert entry.title == "Road tests (early 2025)"
    assert "early 2025" in entry.summary


def test_a_company_feed_lists_only_that_companys_events(client):
    bmw = make_company(name="BMW", slug="bmw")
    make_event(title="BMW road test", companies=[bmw])
    make_event(title="Someone else")
    feed = read_feed(client, "/feeds/companies/bmw/")
    assert feed.feed.title == "sstracker: BMW"
    assert feed.feed.link == "http://testserver/companies/bmw/"
    assert [entry.title for entry in feed.entries] == ["BMW road test (Oct 2024)"]


@pytest.mark.parametrize("slug", ["draft-co", "nobody"])
def test_a_draft_or_unknown_company_has_no_feed(client, slug):
    make_company(slug="draft-co", published=False)
    assert client.get(f"/feeds/companies/{slug}/").status_code == 404


def test_the_feed_takes_the_same_queries_whatever_the_size(client, django_assert_num_queries):
    for _ in range(3):
        make_event(companies=[make_company(), make_company()])
    with django_assert_num_queries(3):
        read_feed(client, "/feeds/events/")
    for _ in range(20):
        make_event(companies=[make_company(), make_company()])
    with django_assert_num_queries(3):
        read_feed(client, "/feeds/events/")
