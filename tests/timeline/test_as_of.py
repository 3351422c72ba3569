"""The tracker as published on a past day, rebuilt from history across edits on several days."""

import contextlib
import datetime
from unittest import mock

import pytest
from django.utils import timezone

from companies.models import Partnership
from tests.conftest import make_company, make_event, make_source
from timeline.as_of import AsOfError, PastDay, history_starts, parse_as_of
from timeline.models import Challenge, Event

D = datetime.date
pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def on(day: datetime.date):
    """Make every write inside happen at noon on `day`, history records included."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def titles(past_day: PastDay) -> list[str]:
    return [event.title for event in past_day.events]


# --- Reading the requested day --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a day as YYYY-MM-DD"),
        ("   ", "Enter a day as YYYY-MM-DD"),
        ("x", "“x” is not a date"),
        ("2025-1-5", "is not a date"),
        ("20250105", "is not a date"),
        ("2024-13-01", "2024-13-01 is not a day of the calendar"),
        ("2025-02-29", "2025-02-29 is not a day of the calendar"),
        ("9999-01-01", "1 January 9999 is in the future"),
        ("2025-06-02", "2 June 2025 is in the future"),
        ("2024-12-31", "history starts on 1 January 2025"),
        ("0001-01-01", "history starts on 1 January 2025"),
    ],
)
def test_a_day_the_tracker_cannot_show_gets_a_plain_message(text, message):
    with pytest.raises(AsOfError, match=message):
        parse_as_of(text, today=D(2025, 6, 1), starts=D(2025, 1, 1))


@pytest.mark.parametrize("text", ["2025-01-01", "2025-03-15", " 2025-06-01 "])
def test_days_from_the_first_record_to_today_are_accepted(text):
    day = parse_as_of(text, today=D(2025, 6, 1), starts=D(2025, 1, 1))
    assert D(2025, 1, 1) <= day <= D(2025, 6, 1)


def test_an_empty_history_accepts_no_day():
    with pytest.raises(AsOfError, match="no recorded history"):
        parse_as_of("2025-03-01", today=D(2025, 6, 1), starts=None)


def test_history_starts_on_the_day_of_the_first_record():
    assert history_starts() is None
    with on(D(2025, 2, 3)):
        make_event()
    with on(D(2025, 4, 5)):
        make_company()
    assert history_starts() == D(2025, 2, 3)


# --- Edits on different days ----------------------------------------------------------------


def test_an_event_appears_from_the_day_it_was_published_with_that_days_text():
    with on(D(2025, 1, 10)):
        event = make_event(title="Pilot line planned", published=False)
    with on(D(2025, 1, 12)):
        event.published = True
        event.save()
    with on(D(2025, 1, 15)):
        event.title = "Pilot line opens"
        event.date = "Q3 2025"
        event.save()

    assert titles(PastDay(D(2025, 1, 11))) == []
    assert titles(PastDay(D(2025, 1, 12))) == ["Pilot line planned"]
    assert titles(PastDay(D(2025, 1, 14))) == ["Pilot line planned"]
    (event_then,) = PastDay(D(2025, 1, 15)).events
    assert (event_then.title, str(event_then.date)) == ("Pilot line opens", "Q3 2025")


def test_an_event_unpublished_or_deleted_later_is_still_in_the_past():
    with on(D(2025, 1, 10)):
        hidden = make_event(title="Hidden later")
        deleted = make_event(title="Deleted later")
    with on(D(2025, 2, 1)):
        hidden.published = False
        hidden.save()
        deleted.delete()

    assert titles(PastDay(D(2025, 1, 31))) == ["Deleted later", "Hidden later"]
    assert titles(PastDay(D(2025, 2, 1))) == []


def test_companies_and_sources_are_those_of_that_day():
    with on(D(2025, 1, 10)):
        first = make_company(name="Alpha Cells")
        second = make_company(name="Beta Motors")
        old_source = make_source(title="Old report")
        event = make_event(companies=[first], sources=[old_source])
    with on(D(2025, 1, 20)):
        event.companies.add(second)
        event.sources.set([make_source(title="New report")])
    with on(D(2025, 1, 25)):
        first.name = "Alpha Batteries"
        first.save()

    (then,) = PastDay(D(2025, 1, 19)).events
    assert [c.name for c in then.companies.all()] == ["Alpha Cells"]
    assert [s.title for s in then.sources.all()] == ["Old report"]
    (later,) = PastDay(D(2025, 1, 20)).events
    assert [c.name for c in later.companies.all()] == ["Alpha Cells", "Beta Motors"]
    assert [s.title for s in later.sources.all()] == ["New report"]
    (latest,) = PastDay(D(2025, 1, 25)).events
    assert [c.name for c in latest.companies.all()] == ["Alpha Batteries", "Beta Motors"]


def test_a_company_that_was_a_draft_then_is_absent_from_that_days_pages():
    with on(D(2025, 1, 10)):
        draft = make_company(name="Secret Cells", slug="secret-cells", published=False)
        public = make_company(name="Open Cells")
        make_event(companies=[draft, public])
    with on(D(2025, 3, 1)):
        draft.published = True
        draft.save()

    before = PastDay(D(2025, 2, 1))
    assert before.company("secret-cells") is None
    assert [c.name for c in before.events[0].companies.all()] == ["Open Cells"]
    after = PastDay(D(2025, 3, 1))
    assert after.company("secret-cells").name == "Secret Cells"
    assert len(after.events_of(after.company("secret-cells"))) == 1


def test_a_target_chain_links_only_to_targets_public_that_day():
    with on(D(2025, 1, 10)):
        first = make_event(kind="target", date="2025", published=False)
        second = make_event(kind="target", date="2027", supersedes=first)
    with on(D(2025, 2, 10)):
        first.published = True
        first.save()

    (then,) = [e for e in PastDay(D(2025, 1, 31)).events if e.pk == second.pk]
    assert then.supersedes is None
    (later,) = [e for e in PastDay(D(2025, 2, 10)).events if e.pk == second.pk]
    assert later.supersedes.pk == first.pk


def test_a_partnership_shows_only_while_both_companies_are_public():
    with on(D(2025, 1, 10)):
        developer = make_company(name="Cells Inc")
        partner = make_company(name="Cars Inc", role="automaker", published=False)
        Partnership.objects.create(developer=developer, partner=partner, kind="testing")
    with on(D(2025, 1, 20)):
        partner.published = True
        partner.save()

    assert PastDay(D(2025, 1, 15)).partnerships == []
    (partnership,) = PastDay(D(2025, 1, 20)).partnerships
    assert (partnership.developer.name, partnership.partner.name) == ("Cells Inc", "Cars Inc")


def test_challenges_list_that_days_public_companies_and_events():
    with on(D(2025, 1, 10)):
        company = make_company(name="Cells Inc")
        event = make_event(companies=[company], title="Dendrite fix", published=False)
        challenge = Challenge.objects.create(slug="dendrites", title="Dendrites", summary="…")
        challenge.companies.set([company])
        challenge.events.set([event])
    with on(D(2025, 1, 20)):
        event.published = True
        event.save()

    (then,) = PastDay(D(2025, 1, 15)).challenges
    assert list(then.events.all()) == []
    assert PastDay(D(2025, 1, 15)).challenges_of(company) != []
    (later,) = PastDay(D(2025, 1, 20)).challenges
    assert [e.title for e in later.events.all()] == ["Dendrite fix"]


def test_today_is_the_live_data():
    make_event(title="Live")
    Event.objects.create(slug="draft", title="Draft", date="2026", kind="milestone")
    assert titles(PastDay(timezone.localdate())) == ["Live"]


def test_a_past_day_takes_the_same_queries_whatever_the_size(django_assert_num_queries):
    def grow(n):
        with on(D(2025, 1, 10)):
            for _ in range(n):
                company = make_company()
                make_event(companies=[company], sources=[make_source()])
                make_event(companies=[company], kind="target", date="2027")

    def read():
        past_day = PastDay(D(2025, 1, 10))
        for event in past_day.events:
            list(event.companies.all())
            list(event.sources.all())
        return past_day

    grow(2)
    with django_assert_num_queries(7):
        small = read()
    grow(8)
    with django_assert_num_queries(7):
        large = read()
    assert (len(small.events), len(large.events)) == (4, 20)
