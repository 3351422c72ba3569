"""How fresh an entry is, as readers see it: when an editor last verified it against its
sources, the date of its newest source, and whether it may be out of date.

An entry is *stale* when it was never verified, or last verified more than
`settings.SSTRACKER_STALE_AFTER_DAYS` days (180 by default) before `today`: the same rule the
editors' review queue uses to list what to check next. Pure functions over plain attributes:
they never query, so a page of entries with prefetched sources costs nothing more.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings


def stale_before(today: datetime.date) -> datetime.date:
    """Entries last verified before this day are stale."""
    return today - datetime.timedelta(days=settings.SSTRACKER_STALE_AFTER_DAYS)


def is_stale(last_verified: datetime.date | None, today: datetime.date) -> bool:
    return last_verified is None or last_verified < stale_before(today)


@dataclass(frozen=True)
class Freshness:
    last_verified: datetime.date | None
    newest_source: object | None  # the newest source's own date, as precise as it gave it
    stale: bool
    sourced: bool = False  # cites at least one source, dated or not


def newest_source_date(sources: Iterable):
    """The publication date of the newest dated source (a fuzzy date), or None."""
    dated = [source for source in sources if getattr(source, "published_start", None)]
    if not dated:
        return None
    return max(dated, key=lambda source: source.published_start).published_on


def freshness_of(entry, *, today: datetime.date, sources: Iterable = ()) -> Freshness:
    sources = list(sources)
    last_verified = getattr(entry, "last_verified", None)
    return Freshness(
        last_verified=last_verified,
        newest_source=newest_source_date(sources),
        stale=is_stale(last_verified, today),
        sourced=bool(sources),
    )
