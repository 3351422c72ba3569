"""Which history records are public changes, and how each is told in words.

A record is compared with the one before it of the same entry. Only what readers could see
counts: a draft's edits are not told, its publication is ("Published: …"); a published
entry's edits name the public fields that changed ("date ~2027 → H1 2028 (restated)"), never
admin-only ones (the published flag itself, when it was last verified) nor who made them.
Names of related entries are given only for public ones, so a draft is never named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from companies.models import Company, Partnership, Source
from editorial.history import Versions, entry_as_of, entry_label
from timeline.models import Briefing, Challenge, Event, Horizon
from timeline.public import public_sources

from .models import ChangeKind, EntryKind

ADMIN_ONLY_FIELDS = {"published", "last_verified"}

STATIC_KINDS = {
    Company: EntryKind.COMPANY,
    Partnership: EntryKind.PARTNERSHIP,
    Challenge: EntryKind.CHALLENGE,
    Source: EntryKind.SOURCE,
    Horizon: EntryKind.OUTLOOK,
    Briefing: EntryKind.BRIEFING,
}
TRACKED_MODELS = [Event, *STATIC_KINDS]


@dataclass(frozen=True)
class PublicSets:
    """What is public now: the entries whose names may be told and whose changes count."""

    companies: frozenset
    events: frozenset
    sources: frozenset

    @classmethod
    def load(cls) -> PublicSets:
        return cls(
            companies=frozenset(Company.objects.published().values_list("pk", flat=True)),
            events=frozenset(Event.objects.published().values_list("pk", flat=True)),
            sources=frozenset(public_sources().values_list("pk", flat=True)),
        )

    def allowed(self, model) -> frozenset | None:
        """The public keys of a related model, or None when all its rows are public."""
        return {Company: self.companies, Event: self.events}.get(model)


@dataclass
class Told:
    """A record told as a public change."""

    change: str
    text: str
    title: str
    parts: list[str] = field(default_factory=list)
    relations_only: bool = False  # only many-to-many relations changed


def kind_of(model, record) -> str:
    if model is Event:
        return EntryKind.TARGET if record.kind == "target" else EntryKind.MILESTONE
    return STATIC_KINDS[model]


def is_public(model, record, public: PublicSets) -> bool:
    if model in (Event, Company):
        return bool(record.published)
    if model is Partnership:
        return {record.developer_id, record.partner_id} <= public.companies
    if model is Source:
        return record.id in public.sources
    return True


def title_of(model, record) -> str:
    return record.title if model is Event else entry_label(record)


def public_url(model, record, public: PublicSets) -> str:
    """The entry's page as this record left it, or "" when readers cannot open it."""
    if record.history_type == "-" or not is_public(model, record, public):
        return ""
    return entry_as_of(record).get_absolute_url()


def companies_of(model, record, versions: Versions, public: PublicSets) -> set:
    if model is Company:
        ids = {record.id}
    elif model is Partnership:
        ids = {record.developer_id, record.partner_id}
    elif model in (Event, Challenge):
        ids = set(versions.related_ids(record, "companies"))
    else:
        ids = set()
    return ids & public.companies


class Describer:
    """Tells the records of one model, given every version they are compared with."""

    def __init__(self, model, versions: Versions, public: PublicSets, names: dict, restated):
        self.model = model
        self.versions = versions
        self.public = public
        self.names = names  # {related model: {pk: name}} for many-to-many fields
        self.restated = restated  # {(target id, earlier date text)} of restatements

    def tell(self, old, new) -> Told | None:
        model, public = self.model, self.public
        was_public = old is not None and old.history_type != "-" and is_public(model, old, public)
        kind_label = kind_of(model, new).label.lower()
        title = title_of(model, new)
        if new.history_type == "-":
            if not was_public:
                return None
            return Told(ChangeKind.DELETED, f"Deleted {kind_label}: {title}", title)
        if not is_public(model, new, public):
            if not was_public:
                return None
            # Named as readers last saw it: what changed on the way out was never public.
            title = title_of(model, old)
            return Told(ChangeKind.WITHDRAWN, f"Withdrawn {kind_label}: {title}", title)
        label = entry_label(new)
        if old is None or old.history_type == "-":
            return Told(ChangeKind.NEW, f"New {kind_label}: {label}", title)
        if not was_public:
            return Told(ChangeKind.PUBLISHED, f"Published: {label}", title)
        parts, restated, relations_only = self.field_changes(old, new)
        if not parts:
            return None
        change = ChangeKind.RESTATED if restated else ChangeKind.CHANGED
        return Told(change, f"{title}: {'; '.join(parts)}", title, parts, relations_only)

    def field_changes(self, old, new) -> tuple[list[str], bool, bool]:
        parts, restated, relations_only = [], False, True
        for model_field in self.versions.fields:
            if model_field.name in ADMIN_ONLY_FIELDS:
                continue
            if model_field.many_to_many:
                part = self.related_change(model_field, old, new)
            else:
                part = self.value_change(model_field, old, new)
            if not part:
                continue
            relations_only = relations_only and model_field.many_to_many
            is_date = model_field.name == "date" and self.model is Event
            if is_date and (new.id, str(old.date)) in self.restated:
                part += " (restated)"
                restated = True
            parts.append(part)
        return parts, restated, relations_only

    def related_change(self, model_field, old, new) -> str:
        allowed = self.public.allowed(model_field.related_model)
        before = self.versions.related_ids(old, model_field.name)
        after = self.versions.related_ids(new, model_field.name)
        if allowed is not None:
            before, after = before & allowed, after & allowed
        if before == after:
            return ""
        names = self.names.get(model_field.related_model, {})
        words = []
        if added := sorted(names.get(pk, str(pk)) for pk in after - before):
            words.append("added " + ", ".join(added))
        if removed := sorted(names.get(pk, str(pk)) for pk in before - after):
            words.append("removed " + ", ".join(removed))
        return f"{model_field.verbose_name}: {'; '.join(words)}"

    def value_change(self, model_field, old, new) -> str:
        before = getattr(old, model_field.attname)
        after = getattr(new, model_field.attname)
        if model_field.many_to_one:
            allowed = self.public.allowed(model_field.related_model)
            if allowed is not None:
                before = before if before in allowed else None
                after = after if after in allowed else None
        if before == after or (before in (None, "") and after in (None, "")):
            return ""
        if isinstance(model_field, models.TextField):
            return f"{model_field.verbose_name} edited"
        old_text = self.versions.value_text(model_field, before)
        new_text = self.versions.value_text(model_field, after)
        if old_text == new_text:
            return ""
        return f"{model_field.verbose_name} {old_text} → {new_text}"
