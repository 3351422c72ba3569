"""Atom feeds of new and changed published events: one for the whole tracker, one per company.

The newest change comes first: an edited event moves to the top with its new `<updated>`
time while keeping its `<id>` (the event's address), so a feed reader shows it as changed
rather than new. Drafts never appear; a draft company has no feed.

Each entry's title and summary carry the event's own date ("Oct 2024", "for ~2027"), which is
not the date of the entry: `<published>` is when the event first went public in the tracker
(the first published version in its history) and `<updated>` its last change.

Atom sends the summary as `type="html"`: feed readers render it as markup. Editors write
plain text, so the summary is HTML-escaped here; titles, subtitles and categories are
plain-text elements and go out as they are (the XML writer escapes them for XML).
"""

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from companies.models import Company
from timeline.models import Event

FEED_LENGTH = 50


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = "sstracker: new and changed milestones and targets"
    subtitle = (
        "Solid-state batteries on their way to the car market: milestones reached and targets "
        "announced, with their sources."
    )

    def link(self):
        return reverse("timeline:event-list")

    def items(self):
        return self._events(Event.objects.public())

    def _events(self, events):
        # Public events only: a replaced target is not a live promise, so it leaves the feed.
        first_public = (
            Event.history.filter(id=OuterRef("pk"), published=True)
            .order_by("history_date")
            .values("history_date")[:1]
        )
        return events.annotate(first_public=Subquery(first_public)).order_by("-updated", "-pk")[
            :FEED_LENGTH
        ]

    def item_title(self, event):
        return f"{event.title} ({event.date})"

    def item_description(self, event):
        return escape(describe(event))

    def item_pubdate(self, event):
        # An entry written without history (a raw bulk load) falls back on its creation.
        return event.first_public or event.created

    def item_updateddate(self, event):
        return event.updated

    def item_categories(self, event):
        return [event.get_kind_display(), *(company.name for company in event.companies.all())]


class CompanyEventFeed(EventFeed):
    """The events about one company."""

    def get_object(self, request, slug):
        return get_object_or_404(Company.objects.published(), slug=slug)

    def title(self, company):
        return f"sstracker: {company.name}"

    def subtitle(self, company):
        return f"New and changed milestones and targets about {company.name}."

    def link(self, company):
        return company.get_absolute_url()

    def items(self, company):
        return self._events(Event.objects.public().filter(companies=company))


def describe(event: Event) -> str:
    """One plain paragraph: what kind of event, about whom, when, and its summary."""
    facts = [event.get_kind_display()]
    if event.stage:
        facts.append(event.get_stage_display())
    if event.is_target and event.status:
        facts.append(event.get_status_display().lower())
    companies = ", ".join(company.name for company in event.companies.all())
    when = f"for {event.date}" if event.is_target else str(event.date)
    if event.is_target and event.announced:
        when += f", announced {event.announced}"
    parts = [" · ".join(facts), companies, when]
    text = " — ".join(part for part in parts if part) + "."
    return f"{text} {event.summary}".strip()
