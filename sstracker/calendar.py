"""An iCalendar feed of upcoming public targets that a calendar app can subscribe to.

Each target is an all-day event spanning every day its fuzzy date can mean ("Q3 2026" runs
from 1 July to 30 September 2026), marked free time so it never blocks a diary. Its UID is
built from the event's primary key, which never changes, so a calendar updates the entry in
place when the date or title is edited. Only targets still announced or delayed, whose
latest day is today or later, are included; drafts never are.
"""

import datetime

import icalendar
from django.http import HttpResponse
from django.utils import timezone

from timeline.models import Event, TargetStatus

PRODUCT_ID = "-//sstracker//Upcoming solid-state battery targets//EN"
CALENDAR_NAME = "Solid-state battery targets (sstracker)"
# How often subscribed calendars should fetch the file again.
REFRESH = datetime.timedelta(hours=12)


def upcoming_targets(today: datetime.date):
    return (
        Event.objects.public()
        .targets()
        .filter(status__in=[TargetStatus.ANNOUNCED, TargetStatus.DELAYED])
        .upcoming(today)
    )


def targets_calendar(events, *, absolute_url) -> icalendar.Calendar:
    """The calendar of `events`; `absolute_url(path)` turns a page path into a full URL."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", CALENDAR_NAME)
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    for event in events:
        calendar.add_component(_calendar_event(event, absolute_url))
    return calendar


def _calendar_event(event: Event, absolute_url) -> icalendar.Event:
    companies = [company.name for company in event.companies.all()]
    url = absolute_url(event.get_absolute_url())
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@sstracker")
    entry.add("dtstamp", event.updated)
    entry.add("last-modified", event.updated)
    entry.add("dtstart", event.date.earliest)
    # DTEND of an all-day event is the day after the last one.
    entry.add("dtend", event.date.latest + datetime.timedelta(days=1))
    entry.add("summary", f"{' + '.join(companies)}: {event.title}" if companies else event.title)
    entry.add("description", _description(event, url))
    entry.add("url", url)
    entry.add("transp", "TRANSPARENT")
    if companies:
        entry.add("categories", companies)
    return entry


def _description(event: Event, url: str) -> str:
    lines = [f"Target: {event.date}"]
    if event.announced:
        lines[0] += f" (announced {event.announced})"
    if event.status == TargetStatus.DELAYED:
        lines.append("Status: delayed")
    if event.summary:
        lines.append(event.summary)
    lines.append(f"Sources and history: {url}")
    return "\n".join(lines)


def calendar_ics(request):
    """`/calendar.ics`: the upcoming targets as a subscribable calendar."""
    calendar = targets_calendar(
        upcoming_targets(timezone.localdate()), absolute_url=request.build_absolute_uri
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sstracker-targets.ics"'
    return response
