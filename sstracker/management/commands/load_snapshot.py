"""Load the seeded snapshot: create what is missing, never overwrite what editors changed.

Each entry is matched on its natural key (slug, URL, or developer + partner + kind). An entry
that an editor deleted stays deleted, because its history shows it was loaded before.

An entry that exists and was loaded before takes the snapshot's corrections: a field whose
value is still the one first loaded (no editor changed it) and that the snapshot now gives
differently gets the snapshot's value, recorded in its history as a correction. A field an
editor changed is left alone. Running the command twice writes nothing the second time.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

from changelog.services import changelog_refresh
from editorial.database import analyze
from timeline.promise_summaries import promises_rebuild
from timeline.search_index import search_index_rebuild

SNAPSHOT = Path(settings.BASE_DIR) / "fixtures" / "snapshot.json"
CHANGE_REASON = "Loaded from the seeded snapshot"
CORRECTION_REASON = "Corrected from the seeded snapshot"


def _history_key(instance) -> dict:
    model = type(instance)
    return dict(zip(model.NATURAL_KEY, instance.natural_key(), strict=True))


def first_load(instance):
    """The history record of the entry as the snapshot first loaded it, or None."""
    return (
        type(instance)
        .history.filter(history_change_reason=CHANGE_REASON, **_history_key(instance))
        .order_by("history_date", "history_id")
        .first()
    )


def was_loaded_before(instance) -> bool:
    return first_load(instance) is not None


def _corrected_fields(loaded, stored, snapshot) -> list[str]:
    """Set on `stored` the snapshot's value of each plain field that no editor changed."""
    changed = []
    for field in type(stored)._meta.concrete_fields:
        if field.primary_key or field.is_relation or not field.editable:
            continue

        def value(obj, field=field):
            return field.get_prep_value(field.value_from_object(obj))

        first, now, new = value(loaded), value(stored), value(snapshot)
        if now == first and new != first:
            setattr(stored, field.attname, field.value_from_object(snapshot))
            changed.append(field.name)
    return changed


class Command(BaseCommand):
    help = "Load fixtures/snapshot.json: create entries never loaded, correct untouched ones."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=SNAPSHOT, help="Fixture to load.")

    def handle(self, *args, **options):
        created, kept, corrected = self.load(options["file"])
        if created or corrected:
            promises_rebuild()  # the fixture loads without signals
            changelog_refresh()
            search_index_rebuild()
            analyze()  # a fresh database's planner would otherwise guess from empty tables

        def describe(counts):
            return ", ".join(f"{n} {label}" for label, n in counts.items()) or "nothing"

        self.stdout.write(
            f"Snapshot: created {describe(created)}; corrected {describe(corrected)}; "
            f"kept {describe(kept)}."
        )

    @transaction.atomic
    def load(self, file: Path) -> tuple[dict, dict, dict]:
        created, kept, corrected = {}, {}, {}
        with file.open(encoding="utf-8") as fixture:
            for entry in serializers.deserialize("json", fixture):
                instance = entry.object
                label = type(instance)._meta.verbose_name_plural
                loaded = first_load(instance)
                if instance.pk is not None or loaded is not None:
                    if (
                        instance.pk is not None
                        and loaded is not None
                        and self.correct(instance, loaded)
                    ):
                        corrected[label] = corrected.get(label, 0) + 1
                    kept[label] = kept.get(label, 0) + 1
                    continue
                instance._change_reason = CHANGE_REASON
                instance.save()
                for field_name, values in entry.m2m_data.items():
                    getattr(instance, field_name).set(values)
                created[label] = created.get(label, 0) + 1
        return created, kept, corrected

    def correct(self, snapshot, loaded) -> bool:
        stored = type(snapshot).objects.get(pk=snapshot.pk)
        changed = _corrected_fields(loaded, stored, snapshot)
        if changed:
            stored._change_reason = CORRECTION_REASON
            stored.save()
        return bool(changed)
