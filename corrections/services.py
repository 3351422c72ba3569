"""Writes on reader reports: file one, accept or reject it. Views and admin actions call
these and only turn their answers into messages."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .entries import Reported
from .models import Correction, Status

THROTTLE_WINDOW = timedelta(hours=1)


def client_key(address: str | None) -> str:
    """A keyed hash of the client's address: enough to count its reports, not to find it."""
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, (address or "unknown").encode(), hashlib.sha256).hexdigest()


def reports_left(key: str) -> int:
    """How many more reports this client may send in the current hour."""
    since = timezone.now() - THROTTLE_WINDOW
    sent = Correction.objects.filter(client_key=key, created__gte=since).count()
    return max(settings.SSTRACKER_CORRECTIONS_PER_HOUR - sent, 0)


def correction_report(*, reported: Reported, cleaned: dict, key: str) -> Correction:
    return Correction.objects.create(
        entry_kind=reported.kind,
        entry_id=reported.entry.pk,
        entry_label=reported.label[:400],
        entry_url=reported.entry.get_absolute_url()[:500],
        what_is_wrong=cleaned["what_is_wrong"],
        source_url=cleaned["source_url"],
        email=cleaned["email"],
        client_key=key,
    )


def corrections_accept(corrections) -> tuple[int, int]:
    """Accept the reports that say what was corrected; return (accepted, left as they were)."""
    with transaction.atomic():
        ready = corrections.exclude(correction="").exclude(status=Status.ACCEPTED)
        accepted = ready.update(status=Status.ACCEPTED, decided=timezone.now())
    return accepted, corrections.exclude(status=Status.ACCEPTED).count()


def corrections_reject(corrections) -> int:
    return corrections.exclude(status=Status.REJECTED).update(
        status=Status.REJECTED, decided=timezone.now()
    )
