"""Scheduled publishing: entries that go public at their `publish_at` with nobody acting.

Readers see a scheduled entry the moment its time passes, because every public query asks
`companies.models.public_condition` (published, or `publish_at` now past) at query time:
pages, feeds, the calendar, the API and the downloads agree without a job.

Two things are not query-time: the stored promise summaries and ladder standings, which hold
only public promises, and the page cache. So:
- `scheduled_publish_due()` records each entry whose time has passed as published (a saved
  version "Published as scheduled", no user). The save refreshes its promise summaries and
  standings and bumps the page cache version through the usual signals. It runs on read:
  `ScheduledPublishingMiddleware` calls it at most every `SSTRACKER_SCHEDULE_CHECK_SECONDS`
  per process (two indexed queries), before the page cache answers.
- `next_publish_time()` tells the page cache (`PAGECACHE_NEXT_CHANGE`) when content changes
  by itself, so that no page is kept past that moment.
"""

import datetime
import logging
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from companies.models import Company
from timeline.models import Event

logger = logging.getLogger(__name__)

SCHEDULED_REASON = "Published as scheduled"
SCHEDULED_MODELS = (Company, Event)


def scheduled_publish_due(*, now: datetime.datetime | None = None) -> list:
    """Record as published every draft whose publish time has passed; returns them."""
    now = now or timezone.now()
    done = []
    for model in SCHEDULED_MODELS:
        for entry in model.objects.filter(published=False, publish_at__lte=now).order_by("pk"):
            with transaction.atomic():
                entry.published = True
                entry._change_reason = SCHEDULED_REASON
                entry.save(update_fields=["published", "updated"])
            done.append(entry)
    return done


def next_publish_time() -> datetime.datetime | None:
    """The next moment a scheduled entry goes public, or None if nothing is scheduled."""
    times = [
        model.objects.scheduled().order_by("publish_at").values_list("publish_at", flat=True)
        for model in SCHEDULED_MODELS
    ]
    found = [first for query in times if (first := query.first()) is not None]
    return min(found, default=None)


class ScheduledPublishingMiddleware:
    """Record due scheduled entries as published, checking at most every few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.checked = float("-inf")

    def __call__(self, request):
        interval = settings.SSTRACKER_SCHEDULE_CHECK_SECONDS
        if interval > 0 and time.monotonic() - self.checked >= interval:
            self.checked = time.monotonic()
            try:
                scheduled_publish_due()
            except DatabaseError:
                # A page must not fail because of this: the query-time rule still shows
                # the entry, and the next check records it.
                logger.warning("Scheduled publishing check failed.", exc_info=True)
        return self.get_response(request)
