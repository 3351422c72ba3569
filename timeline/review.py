"""The review queue: what an editor should look at next to keep the tracker honest.

Each rule is a function that returns a QuerySet, given the day to judge by (`today`), so
the rules can be tested on any date and reused by the admin pages and their counts.
- stale: companies and events never verified, or verified longer ago than
  `settings.SSTRACKER_STALE_AFTER_DAYS`;
- overdue: as readers see it (`timeline.slips.OVERDUE`): open targets whose latest possible
  day has passed (a "2026" target is overdue from 1 January 2027, a "mid-2025" one from
  1 September 2025);
- unsourced: events, companies and partnerships that cite no source (and so cannot be
  marked verified);
- unlinked: milestones that likely meet an open target (same company, same stage) but do not
  say so in `fulfils`; `open_targets_met_by()` finds those targets for one milestone.
Drafts are reviewed like published entries: they are about to become public.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from companies.models import Company, Partnership
from companies.rules import verified_without_source_message
from pagekit.freshness import stale_before

from .models import OPEN_STATUSES, Event, EventKind, overdue_condition

VERIFIED_REASON = "Marked verified"
UNSOURCED = Q(sources__isnull=True)


def stale(today: datetime.date) -> Q:
    return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_before(today))


def _longest_unverified_first(queryset: QuerySet) -> QuerySet:
    return queryset.order_by(
        F("last_verified").asc(nulls_first=True), *queryset.model._meta.ordering
    )


def stale_companies(today: datetime.date) -> QuerySet:
    return _longest_unverified_first(Company.objects.filter(stale(today)))


def stale_events(today: datetime.date) -> QuerySet:
    return _longest_unverified_first(Event.objects.filter(stale(today)))


def overdue_targets(today: datetime.date) -> QuerySet:
    """Targets still open although every day their date can mean has passed."""
    return Event.objects.overdue(today).order_by("date_end", "title")


def unsourced_events() -> QuerySet:
    return Event.objects.filter(UNSOURCED)


def unsourced_companies() -> QuerySet:
    return Company.objects.filter(UNSOURCED)


def unsourced_partnerships() -> QuerySet:
    return Partnership.objects.filter(UNSOURCED).select_related("developer", "partner")


def _counts(queryset: QuerySet, **conditions: Q) -> dict[str, int]:
    # `distinct`: the join to sources repeats an entry once per source.
    return queryset.aggregate(
        **{
            name: Count("pk", filter=condition, distinct=True)
            for name, condition in conditions.items()
        }
    )


PUBLIC = Q(published=True)


def company_counts(today: datetime.date) -> dict[str, int]:
    """Drafts, and published companies that are stale or unsourced, in one query."""
    return _counts(
        Company.objects.all(),
        drafts=Q(published=False),
        stale=PUBLIC & stale(today),
        unsourced=PUBLIC & UNSOURCED,
    )


def event_counts(today: datetime.date) -> dict[str, int]:
    """Drafts, and published events that are stale, overdue or unsourced, in one query."""
    return _counts(
        Event.objects.all(),
        drafts=Q(published=False),
        stale=PUBLIC & stale(today),
        overdue=PUBLIC & overdue_condition(today),
        unsourced=PUBLIC & UNSOURCED,
    )


def partnership_counts() -> dict[str, int]:
    return _counts(Partnership.objects.all(), unsourced=UNSOURCED)


def entry_mark_verified(*, entry, user, today: datetime.date) -> None:
    """Record that an editor checked `entry` against its sources today, as a new version.

    An entry that cites no source cannot have been checked against one: ValidationError.
    """
    if not entry.sources.exists():
        raise ValidationError(verified_without_source_message(entry), code="no_source")
    entry.last_verified = today
    entry._history_user = user
    entry._change_reason = VERIFIED_REASON
    entry.save(update_fields=["last_verified", "updated"])


def entries_mark_verified(*, entries, user, today: datetime.date) -> tuple[list, list[str]]:
    """Mark several entries verified, each with its own version; entries without a source are
    left as they were. Returns the entries verified and a message for each one refused."""
    verified, refused = [], []
    for entry in entries:
        try:
            entry_mark_verified(entry=entry, user=user, today=today)
        except ValidationError as error:
            refused += error.messages
        else:
            verified.append(entry)
    return verified, refused


def _open_targets():
    """Targets that a milestone could still meet: open, met by no milestone, not replaced."""
    met = Event.objects.filter(fulfils=OuterRef("pk"))
    return (
        Event.objects.targets()
        .live()
        .filter(status__in=OPEN_STATUSES)
        .exclude(stage="")
        .exclude(Exists(met))
    )


def open_targets_met_by(milestone: Event) -> QuerySet:
    """Open targets of the milestone's companies at the milestone's stage: what it may meet."""
    if milestone.kind != EventKind.MILESTONE or not milestone.stage or milestone.fulfils_id:
        return Event.objects.none()
    return (
        _open_targets()
        .filter(stage=milestone.stage, companies__in=milestone.companies.all())
        .exclude(pk=milestone.pk)
        .distinct()
        .order_by("date_start", "title")
    )


def unlinked_pairs(limit: int) -> list[tuple[Event, Event]]:
    """Milestones and the open targets they likely meet (a shared company, the same stage),
    oldest milestone first, in three queries whatever the number of events."""
    link = Event.companies.through.objects
    targets_by = defaultdict(set)
    for pk, stage, company in link.filter(event__in=_open_targets()).values_list(
        "event_id", "event__stage", "company_id"
    ):
        targets_by[(stage, company)].add(pk)
    milestones = Event.objects.milestones().filter(fulfils__isnull=True).exclude(stage="")
    pairs = set()
    for pk, stage, company, day in link.filter(event__in=milestones).values_list(
        "event_id", "event__stage", "company_id", "event__date_start"
    ):
        pairs.update((day, pk, target) for target in targets_by.get((stage, company), ()))
    chosen = sorted(pairs)[:limit]
    events = Event.objects.in_bulk({pk for _, *pair in chosen for pk in pair})
    return [(events[milestone], events[target]) for _, milestone, target in chosen]
