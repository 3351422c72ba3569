"""Slip reports: every promise of a set of events, with lookups by target, milestone and company.

`slip_report(events, today=...)` loads what `timeline.slips` needs for a queryset of events in
four queries and chains the targets among them. `attach_promises()` gives each target of a
page its kept summary (`timeline.models.PromiseSummary`), so lists can fold earlier dates
under the live one without reading the chains.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from companies.models import Company, Source

from .models import Event, EventKind, PromiseSummary, Restatement
from .rules import walk_back
from .slips import Promise, Scorecard


@dataclass
class SlipReport:
    """Every promise of a set of events, with lookups by target, milestone and company."""

    promises: list[Promise] = field(default_factory=list)

    @classmethod
    def build(cls, events: Iterable[Event], *, today: datetime.date) -> "SlipReport":
        """Chain the targets among `events` and attach the milestones that fulfil them.

        Links to events outside `events` are cut, so passing only published events keeps
        drafts out of every chain.
        """
        events = list(events)
        targets = {e.pk: e for e in events if e.kind == EventKind.TARGET}
        fulfilling = {}
        for event in sorted(events, key=lambda e: (e.date.sort_key, e.pk)):
            if event.kind == EventKind.MILESTONE and event.fulfils_id in targets:
                fulfilling.setdefault(event.fulfils_id, event)
        promises = []
        for chain in _chains(targets):
            milestones = [fulfilling[t.pk] for t in chain if t.pk in fulfilling]
            milestone = min(milestones, key=lambda e: (e.date.sort_key, e.pk), default=None)
            promises.append(Promise(tuple(chain), milestone, today))
        return cls(promises)

    def for_target(self, target: Event) -> Promise | None:
        return next((promise for promise in self.promises if target in promise), None)

    def for_company(self, company: Company) -> list[Promise]:
        return [p for p in self.promises if any(c.pk == company.pk for c in p.companies)]

    def ranked(self) -> list[Promise]:
        """Every promise, largest slip first; then by the first target's date."""
        return sorted(
            self.promises, key=lambda p: (-p.sort_months, p.first_date.sort_key, p.first.pk)
        )

    def moved(self) -> list[Promise]:
        """Promises whose date moved or that were not met on time, largest slip first."""
        return [promise for promise in self.ranked() if promise.has_moved]

    def scorecard(self, company: Company) -> Scorecard:
        return Scorecard.of(self.for_company(company))

    def scorecards(self, companies: Iterable[Company]) -> list[tuple[Company, Scorecard]]:
        """Companies with at least one promise, each with its scorecard, in the given order."""
        by_company = {}
        for promise in self.promises:
            for company in promise.companies:
                by_company.setdefault(company.pk, []).append(promise)
        return [
            (company, Scorecard.of(by_company[company.pk]))
            for company in companies
            if company.pk in by_company
        ]


def _chains(targets: dict[int, Event]) -> list[list[Event]]:
    """Every chain of supersedes links, oldest first: one per target that nothing replaces."""

    def earlier_of(pk):
        earlier = targets[pk].supersedes_id
        return earlier if earlier in targets else None

    def chain_to(end: Event) -> list[Event]:
        chain, _ = walk_back(end.pk, earlier_of)
        covered.update(chain)
        return [targets[pk] for pk in reversed(chain)]

    replaced = {t.supersedes_id for t in targets.values() if t.supersedes_id in targets}
    ends = [t for t in targets.values() if t.pk not in replaced]
    covered: set[int] = set()
    chains = [chain_to(end) for end in sorted(ends, key=lambda t: (t.date.sort_key, t.pk))]
    # A loop (which the rules refuse) would leave no end: start from its members too.
    for target in sorted(targets.values(), key=lambda t: t.pk):
        if target.pk not in covered:
            chains.append(chain_to(target))
    return chains


def slip_report(events: QuerySet, *, today: datetime.date) -> SlipReport:
    """How the targets among `events` moved and were met, in four queries.

    Links to events outside `events` are cut, so `slip_report(Event.objects.published(), ...)`
    never counts a draft nor shows one in a "2025 → 2027" history.
    """
    rows = events.filter(Q(kind=EventKind.TARGET) | Q(fulfils__isnull=False)).prefetch_related(
        Prefetch("companies", queryset=Company.objects.published().order_by("name")),
        Prefetch("sources", queryset=Source.objects.order_by("pk")),
        Prefetch("restatements", queryset=Restatement.objects.select_related("source")),
    )
    return SlipReport.build(rows, today=today)


def attach_promises(events: Iterable[Event], *, today: datetime.date) -> None:
    """Set `promise` on each live public target among `events`: its kept `PromiseSummary`
    (None when it ends no public chain), in one query."""
    targets = {event.pk: event for event in events if event.kind == EventKind.TARGET}
    if not targets:
        return
    summaries = {
        summary.current_id: summary
        for summary in PromiseSummary.objects.filter(current__in=list(targets))
    }
    for pk, target in targets.items():
        summary = summaries.get(pk)
        if summary is not None:
            summary.current = target  # already loaded
            summary.today = today
        target.promise = summary
