"""The tracker as it was published on a past day, rebuilt from the stored history.

Every editable model keeps its history with django-simple-history, many-to-many relations
included. `PastDay(day)` reads, for each row, the last history record written before the
end of `day` (in the site's time zone) and turns it back into a model instance:

- the published flag is the one of that day, so a draft then is absent now, and an entry
  unpublished since then is back;
- relations (an event's companies and sources, a company's sources, a challenge's companies
  and events) come from the history record's own many-to-many rows, not from today's tables,
  which `Model.history.as_of()` would give;
- foreign keys (supersedes, fulfils, a partnership's companies) point to the instances of
  the same day, or to nothing when the other row was not public then.

The instances look like the live ones to templates: `event.companies.all()` returns that
day's companies without a query. A past day runs a fixed number of queries, each once.

("The snapshot" is the seeded content; a day rebuilt from history is a *past day*.)
"""

import datetime
import re
from functools import cached_property

from django.db.models import Min
from django.utils import timezone

from companies.models import Company, Partnership, Source

from .models import Challenge, Event, Restatement
from .slip_report import SlipReport

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class AsOfError(ValueError):
    """A requested day the tracker cannot show; `str(error)` is written for readers."""


def history_starts() -> datetime.date | None:
    """The first day anything about a company or an event was recorded, or None if never."""
    firsts = [
        model.history.aggregate(first=Min("history_date"))["first"] for model in (Company, Event)
    ]
    firsts = [first for first in firsts if first is not None]
    return timezone.localdate(min(firsts)) if firsts else None


def parse_as_of(text: str, *, today: datetime.date, starts: datetime.date | None):
    """Read an `as_of` query value (YYYY-MM-DD) and check the tracker can show that day.

    Raises `AsOfError` with a message for readers when the text is not a day, the day is
    in the future, or it comes before the first record.
    """
    text = (text or "").strip()
    if not ISO_DAY.fullmatch(text):
        shown = f"“{text[:20]}” is not a date. " if text else ""
        raise AsOfError(f"{shown}Enter a day as YYYY-MM-DD, such as {today.isoformat()}.")
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise AsOfError(
            f"{text} is not a day of the calendar. Enter a day as YYYY-MM-DD."
        ) from None
    if day > today:
        raise AsOfError(f"{_long(day)} is in the future: the tracker can only show past days.")
    if starts is None:
        raise AsOfError("The tracker has no recorded history yet.")
    if day < starts:
        raise AsOfError(
            f"The tracker’s history starts on {_long(starts)}: "
            f"there is nothing to show for {_long(day)}."
        )
    return day


def past_day_for(text: str, *, today: datetime.date) -> "PastDay":
    """The past day an `as_of` query value names; `AsOfError` if it cannot be shown."""
    return PastDay(parse_as_of(text, today=today, starts=history_starts()))


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


class PastDay:
    """What the public pages showed at the end of `day`."""

    def __init__(self, day: datetime.date):
        self.day = day
        # The end of the day is the start of the next one: records strictly before it count.
        self.moment = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
        )

    def __repr__(self):
        return f"<PastDay {self.day.isoformat()}>"

    # --- Public rows of each model, keyed by primary key -------------------------------------

    @cached_property
    def _sources(self) -> dict[int, Source]:
        return {pk: record.instance for pk, record in self._records(Source).items()}

    @cached_property
    def _companies(self) -> dict[int, Company]:
        records = _published(self._records(Company))
        sources = self._relations(Company, "sources", records)
        companies = {}
        for pk, record in records.items():
            company = record.instance
            _attach(company, "sources", self._pick(self._sources, sources.get(pk)))
            companies[pk] = company
        return companies

    @cached_property
    def _events(self) -> dict[int, Event]:
        records = _published(self._records(Event))
        companies = self._relations(Event, "companies", records)
        sources = self._relations(Event, "sources", records)
        events = {}
        for pk, record in records.items():
            event = record.instance
            _attach(event, "companies", self._pick(self._companies, companies.get(pk)))
            _attach(event, "sources", self._pick(self._sources, sources.get(pk)))
            events[pk] = event
        restatements = self._restatements
        for event in events.values():
            # Assigning through the descriptor keeps `supersedes_id` in step with the object.
            event.supersedes = events.get(event.supersedes_id)
            event.fulfils = events.get(event.fulfils_id)
            _attach(event, "restatements", restatements.get(event.pk, []))
        return events

    @cached_property
    def _restatements(self) -> dict[int, list[Restatement]]:
        """Each target's restatements recorded by that day, oldest first."""
        by_target = {}
        for record in self._records(Restatement).values():
            restatement = record.instance
            restatement.source = self._sources.get(restatement.source_id)
            by_target.setdefault(restatement.target_id, []).append(restatement)
        for restatements in by_target.values():
            restatements.sort(key=lambda r: (r.restated.sort_key, r.created, r.pk))
        return by_target

    @cached_property
    def partnerships(self) -> list[Partnership]:
        """Partnerships whose two companies were both public that day."""
        records = self._records(Partnership)
        sources = self._relations(Partnership, "sources", records)
        partnerships = []
        for pk, record in records.items():
            developer = self._companies.get(record.developer_id)
            partner = self._companies.get(record.partner_id)
            if developer is None or partner is None:
                continue
            partnership = record.instance
            partnership.developer, partnership.partner = developer, partner
            _attach(partnership, "sources", self._pick(self._sources, sources.get(pk)))
            partnerships.append(partnership)
        return sorted(partnerships, key=lambda p: (p.developer.name, p.partner.name, p.kind))

    @cached_property
    def challenges(self) -> list[Challenge]:
        records = self._records(Challenge)
        relations = {
            name: self._relations(Challenge, name, records)
            for name in ("companies", "events", "sources")
        }
        challenges = []
        for pk, record in records.items():
            challenge = record.instance
            _attach(
                challenge, "companies", self._pick(self._companies, relations["companies"].get(pk))
            )
            _attach(challenge, "events", self._pick(self._events, relations["events"].get(pk)))
            _attach(challenge, "sources", self._pick(self._sources, relations["sources"].get(pk)))
            challenges.append(challenge)
        return sorted(challenges, key=lambda c: (c.order, c.title))

    # --- What the pages ask for --------------------------------------------------------------

    def slip_report(self) -> SlipReport:
        """Slips and scorecards as they stood that day."""
        return SlipReport.build(self.events, today=self.day)

    @cached_property
    def companies(self) -> list[Company]:
        """Companies public that day, by name."""
        return sorted(self._companies.values(), key=lambda c: c.name.casefold())

    @cached_property
    def events(self) -> list[Event]:
        """Events public that day, in the timeline's order."""
        return sorted(self._events.values(), key=lambda e: (e.date.sort_key, e.title, e.pk))

    @cached_property
    def live_events(self) -> list[Event]:
        """`events` without the targets a public later target replaced that day."""
        replaced = {event.supersedes_id for event in self._events.values()}
        return [event for event in self.events if event.pk not in replaced]

    def company(self, slug: str) -> Company | None:
        return next((c for c in self._companies.values() if c.slug == slug), None)

    def event(self, slug: str) -> Event | None:
        return next((e for e in self._events.values() if e.slug == slug), None)

    def events_of(self, company: Company) -> list[Event]:
        return [e for e in self.events if any(c.pk == company.pk for c in e.companies.all())]

    def partnerships_of(self, company: Company) -> list[Partnership]:
        return [p for p in self.partnerships if company.pk in (p.developer_id, p.partner_id)]

    def challenges_of(self, company: Company) -> list[Challenge]:
        return [c for c in self.challenges if any(m.pk == company.pk for m in c.companies.all())]

    # --- Reading the history ------------------------------------------------------------------

    def _latest(self, model):
        """The last history record of each row written before the moment."""
        return model.history.filter(history_date__lt=self.moment).latest_of_each()

    def _records(self, model) -> dict:
        """The last record of each row before the moment, rows deleted by then left out."""
        records = {}
        # Two records of one row can share a timestamp; the later-written one wins.
        for record in self._latest(model).order_by("history_date", "history_id"):
            records[getattr(record, model._meta.pk.attname)] = record
        return {pk: record for pk, record in records.items() if record.history_type != "-"}

    def _relations(self, model, name: str, records: dict) -> dict[int, list[int]]:
        """Related primary keys of each row, as its history record stored them."""
        if not records:
            return {}
        field = model._meta.get_field(name)
        rows_model = getattr(model.history.model, name).model
        by_record = {record.history_id: pk for pk, record in records.items()}
        # A subquery rather than a list of ids: the list could outgrow a query's parameters.
        rows = (
            rows_model.objects.filter(history_id__in=self._latest(model).values("history_id"))
            .order_by("m2m_history_id")
            .values_list("history_id", f"{field.m2m_reverse_field_name()}_id")
        )
        related = {}
        for history_id, related_pk in rows:
            if history_id in by_record:
                related.setdefault(by_record[history_id], []).append(related_pk)
        return related

    @staticmethod
    def _pick(instances: dict, pks: list[int] | None) -> list:
        """The instances among `pks` that were public, in their usual order."""
        picked = [instances[pk] for pk in dict.fromkeys(pks or ()) if pk in instances]
        return sorted(picked, key=_display_order)


def _published(records: dict) -> dict:
    return {pk: record for pk, record in records.items() if record.published}


def _display_order(instance) -> tuple:
    """The order the live pages use: companies by name, events by date, the rest by key."""
    if isinstance(instance, Company):
        return (instance.name.casefold(), instance.pk)
    if isinstance(instance, Event):
        return (instance.date.sort_key, instance.pk)
    return (instance.pk,)


def _attach(instance, name: str, items: list) -> None:
    """Make `instance.<name>.all()` return `items` without a query.

    This is how Django's own `prefetch_related` hands fetched rows to a related manager. The
    cached queryset is an empty one, so anything that bypasses the cache (a new filter)
    finds nothing rather than today's relations.
    """
    related_model = instance._meta.get_field(name).related_model
    queryset = related_model._default_manager.none()
    queryset._result_cache = list(items)
    queryset._prefetch_done = True
    instance._prefetched_objects_cache = getattr(instance, "_prefetched_objects_cache", {})
    instance._prefetched_objects_cache[name] = queryset
