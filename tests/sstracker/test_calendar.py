"""The iCalendar of upcoming targets: it parses, spans each fuzzy date, keeps UIDs stable."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from tests.conftest import make_company, make_event

pytestmark = pytest.mark.django_db


def read_calendar(client) -> icalendar.Calendar:
    response = client.get("/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def entries(calendar) -> dict[str, icalendar.Event]:
    return {str(entry["summary"]): entry for entry in calendar.walk("VEVENT")}


def next_year() -> int:
    return timezone.localdate().year + 1


def test_an_upcoming_target_spans_every_day_its_date_can_mean(client):
    year = next_year()
    sdi = make_company(name="Samsung SDI")
    make_event(
        title="Mass production",
        companies=[sdi],
        kind="target",
        date=f"Q3 {year}",
        announced="Dec 2024",
    )
    calendar = read_calendar(client)
    assert str(calendar["x-wr-calname"]) == "Solid-state battery targets (sstracker)"
    entry = entries(calendar)["Samsung SDI: Mass production"]
    assert entry["dtstart"].dt == datetime.date(year, 7, 1)
    assert entry["dtend"].dt == datetime.date(year, 10, 1)  # the day after 30 September
    assert str(entry["transp"]) == "TRANSPARENT"
    assert f"Target: Q3 {year} (announced Dec 2024)" in str(entry["description"])
    assert str(entry["url"]).startswith("http://testserver/timeline/")


def test_only_open_future_published_targets_are_listed(client):
    year = next_year()
    make_event(title="Open", kind="target", date=str(year))
    make_event(title="Delayed", kind="target", date=str(year), status="delayed")
    make_event(title="Achieved", kind="target", date=str(year), status="achieved")
    make_event(title="Cancelled", kind="target", date=str(year), status="cancelled")
    make_event(title="Past", kind="target", date="2020")
    make_event(title="Draft", kind="target", date=str(year), published=False)
    make_event(title="Milestone", date=str(year))
    titles = {summary.split(": ", 1)[1] for summary in entries(read_calendar(client))}
    assert titles == {"Open", "Delayed"}


def test_the_uid_stays_when_the_target_moves(client):
    target = make_event(title="Demo fleet", kind="target", date=str(next_year()))
    (before,) = read_calendar(client).walk("VEVENT")
    target.date = f"H2 {next_year() + 1}"
    target.title = "Demo fleet, later"
    target.save()
    (after,) = read_calendar(client).walk("VEVENT")
    assert str(after["uid"]) == str(before["uid"]) == f"event-{target.pk}@sstracker"
    assert after["dtstart"].dt == datetime.date(next_year() + 1, 7, 1)


# The targets and the names of their companies.
QUERIES = 2


def test_the_calendar_takes_the_same_queries_whatever_the_size(client, django_assert_num_queries):
    for _ in range(2):
        make_event(kind="target", date=str(next_year()))
    with django_assert_num_queries(QUERIES):
        read_calendar(client)
    for _ in range(15):
        make_event(kind="target", date=str(next_year()))
    with django_assert_num_queries(QUERIES):
        assert len(read_calendar(client).walk("VEVENT")) == 17


def test_long_and_special_text_survives_the_round_trip(client):
    company = make_company(name="Åsa; Batteries, Inc.")
    summary = "A long summary, with commas; semicolons \\ backslashes and\na second line. " * 3
    make_event(
        title="Ünïcode pilot, phase 2",
        companies=[company],
        kind="target",
        date=str(next_year()),
        summary=summary,
    )
    (entry,) = read_calendar(client).walk("VEVENT")
    assert str(entry["summary"]) == "Åsa; Batteries, Inc.: Ünïcode pilot, phase 2"
    assert summary in str(entry["description"])
    assert [str(name) for name in entry["categories"].cats] == ["Åsa; Batteries, Inc."]
    raw = client.get("/calendar.ics").content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
