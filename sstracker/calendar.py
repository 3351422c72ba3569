"""An iCalendar feed of upcoming public targets that a calendar app can subscribe to.

Each target is an all-day event spanning every day its fuzzy date can mean ("Q3 2026" runs
from 1 July to 30 September 2026), marked free time so it never blocks a diary. Its UID is
built from the event's primary key, which never changes, so a calendar updates the entry in
place when the date or title is edited. Only targets still announced or delayed, whose
latest day is today or later, are included; drafts never are.

The file is written line by line (RFC 5545: text escaped, lines folded at 75 octets) from
two queries that read plain values: at 10,000 targets a calendar library's object per
property costs seconds, this costs milliseconds. Tests read the output back with the
`icalendar` library.
"""

import datetime
from collections import defaultdict

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from timeline.models import Event, TargetStatus

PRODUCT_ID = "-//sstracker//Upcoming solid-state battery targets//EN"
CALENDAR_NAME = "Solid-state battery targets (sstracker)"
# How often subscribed calendars should fetch the file again (ISO 8601 duration).
REFRESH = "PT12H"
FIELDS = ("pk", "slug", "title", "date", "announced", "status", "summary", "updated")


def upcoming_targets(today: datetime.date):
    return (
        Event.objects.public()
        .targets()
        .filter(status__in=[TargetStatus.ANNOUNCED, TargetStatus.DELAYED])
        .upcoming(today)
    )


def escape(text: str) -> str:
    """A TEXT value as RFC 5545 writes it."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line in UTF-8, folded so no physical line passes 75 octets (RFC 5545,
    3.1), never inside a character."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, start, width = [], 0, 75
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end])
        start, width = end, 74  # continuation lines begin with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def day(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def description(row: dict, url: str) -> str:
    lines = [f"Target: {row['date']}"]
    if row["announced"]:
        lines[0] += f" (announced {row['announced']})"
    if row["status"] == TargetStatus.DELAYED:
        lines.append("Status: delayed")
    if row["summary"]:
        lines.append(row["summary"])
    lines.append(f"Sources and history: {url}")
    return "\n".join(lines)


def calendar_entry(row: dict, companies: list[str], url: str) -> list[str]:
    title = f"{' + '.join(companies)}: {row['title']}" if companies else row["title"]
    updated = stamp(row["updated"])
    lines = [
        "BEGIN:VEVENT",
        f"UID:event-{row['pk']}@sstracker",
        f"DTSTAMP:{updated}",
        f"LAST-MODIFIED:{updated}",
        f"DTSTART;VALUE=DATE:{day(row['date'].earliest)}",
        # DTEND of an all-day event is the day after the last one.
        f"DTEND;VALUE=DATE:{day(row['date'].latest + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape(title)}",
        f"DESCRIPTION:{escape(description(row, url))}",
        f"URL:{url}",
        "TRANSP:TRANSPARENT",
    ]
    if companies:
        lines.append("CATEGORIES:" + ",".join(escape(name) for name in companies))
    lines.append("END:VEVENT")
    return lines


def companies_by_event(events) -> dict[int, list[str]]:
    """The names of each event's public companies, by name, in one query."""
    links = (
        Event.companies.through.objects.filter(event__in=events, company__published=True)
        .order_by("company__name")
        .values_list("event_id", "company__name")
    )
    names = defaultdict(list)
    for event_id, name in links:
        names[event_id].append(name)
    return names


def targets_calendar(events, *, absolute_url) -> bytes:
    """The calendar of `events`; `absolute_url(path)` turns a page path into a full URL."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODUCT_ID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape(CALENDAR_NAME)}",
        f"X-WR-CALNAME:{escape(CALENDAR_NAME)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
    ]
    plain = events.select_related(None).prefetch_related(None)
    names = companies_by_event(plain.values("pk"))
    # One reverse() for every entry: the address with a marker where the slug goes.
    address = absolute_url(reverse("timeline:event-detail", kwargs={"slug": "slug-here"}))
    for row in plain.values(*FIELDS):
        url = address.replace("slug-here", row["slug"])
        lines.extend(calendar_entry(row, names.get(row["pk"], []), url))
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def calendar_ics(request):
    """`/calendar.ics`: the upcoming targets as a subscribable calendar."""
    body = targets_calendar(
        upcoming_targets(timezone.localdate()), absolute_url=request.build_absolute_uri
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sstracker-targets.ics"'
    return response
