"""The public entries a reader can report: each kind, and how its address finds it."""

from dataclasses import dataclass

from django.db.models import Model

from companies.models import Company, Partnership
from timeline.models import Challenge, Event

from .models import EntryKind


@dataclass(frozen=True)
class Reported:
    kind: str
    entry: Model

    @property
    def label(self) -> str:
        return str(self.entry)


def public_entry(kind: str, key: str) -> Reported | None:
    """The public entry of this kind and key (a slug, or a partnership's number), or None."""
    if kind == EntryKind.EVENT:
        entry = Event.objects.published().filter(slug=key).first()
    elif kind == EntryKind.COMPANY:
        entry = Company.objects.published().filter(slug=key).first()
    elif kind == EntryKind.CHALLENGE:
        entry = Challenge.objects.filter(slug=key).first()
    elif kind == EntryKind.PARTNERSHIP and key.isdigit() and len(key) < 12:
        entry = Partnership.objects.published().select_related("developer", "partner")
        entry = entry.filter(pk=int(key)).first()
    else:
        entry = None
    return None if entry is None else Reported(kind, entry)
