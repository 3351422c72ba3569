"""The review queue: what an editor should look at next to keep the tracker honest.

Each rule is a function that returns a QuerySet, given the day to judge by (`today`), so
the rules can be tested on any date and reused by the admin pages and their counts.
- stale: companies and events never verified, or verified longer ago than
  `settings.SSTRACKER_STALE_AFTER_DAYS`;
- overdue: as readers see it (`timeline.slips.OVERDUE`): open targets whose latest possible
  day has passed (a "2026" target is overdue from 1 January 2027, a "mid-2025" one from
  1 September 2025);
- unsourced: events, companies and partnerships that cite no source.
Drafts are reviewed like published entries: they are about to become public.
"""

import datetime

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

from companies.models import Company, Partnership

from .models import Event, overdue_condition

VERIFIED_REASON = "Marked verified"
UNSOURCED = Q(sources__isnull=True)


def stale_before(today: datetime.date) -> datetime.date:
    """Entries last verified before this day are stale."""
    return today - datetime.timedelta(days=settings.SSTRACKER_STALE_AFTER_DAYS)


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


def company_counts(today: datetime.date) -> dict[str, int]:
    """Drafts, stale and unsourced companies, in one query."""
    return _counts(
        Company.objects.all(), drafts=Q(published=False), stale=stale(today), unsourced=UNSOURCED
    )


def event_counts(today: datetime.date) -> dict[str, int]:
    """Drafts, stale, overdue and unsourced events, in one query."""
    return _counts(
        Event.objects.all(),
        drafts=Q(published=False),
        stale=stale(today),
        overdue=overdue_condition(today),
        unsourced=UNSOURCED,
    )


def partnership_counts() -> dict[str, int]:
    return _counts(Partnership.objects.all(), unsourced=UNSOURCED)


def entry_mark_verified(*, entry, user, today: datetime.date) -> None:
    """Record that an editor checked `entry` against its sources today, as a new version."""
    entry.last_verified = today
    entry._history_user = user
    entry._change_reason = VERIFIED_REASON
    entry.save(update_fields=["last_verified", "updated"])
