"""Load the seeded snapshot: create what is missing, never overwrite what editors changed.

Each entry is matched on its natural key (slug, URL, or developer + partner + kind). An entry
that exists is left alone; an entry that an editor deleted stays deleted, because its history
shows it was loaded before. Running the command twice writes nothing the second time.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

from editorial.database import analyze
from timeline.promise_summaries import promises_rebuild
from timeline.search_index import search_index_rebuild

SNAPSHOT = Path(settings.BASE_DIR) / "fixtures" / "snapshot.json"
CHANGE_REASON = "Loaded from the seeded snapshot"


def was_loaded_before(instance) -> bool:
    model = type(instance)
    key = dict(zip(model.NATURAL_KEY, instance.natural_key(), strict=True))
    return model.history.filter(history_change_reason=CHANGE_REASON, **key).exists()


class Command(BaseCommand):
    help = "Load fixtures/snapshot.json, creating only entries that were never loaded."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=SNAPSHOT, help="Fixture to load.")

    def handle(self, *args, **options):
        created, kept = self.load(options["file"])
        if created:
            promises_rebuild()  # the fixture loads without signals
            search_index_rebuild()
            analyze()  # a fresh database's planner would otherwise guess from empty tables

        def describe(counts):
            return ", ".join(f"{n} {label}" for label, n in counts.items()) or "nothing"

        self.stdout.write(f"Snapshot: created {describe(created)}; kept {describe(kept)}.")

    @transaction.atomic
    def load(self, file: Path) -> tuple[dict, dict]:
        created, kept = {}, {}
        with file.open(encoding="utf-8") as fixture:
            for entry in serializers.deserialize("json", fixture):
                instance = entry.object
                label = type(instance)._meta.verbose_name_plural
                if instance.pk is not None or was_loaded_before(instance):
                    kept[label] = kept.get(label, 0) + 1
                    continue
                instance._change_reason = CHANGE_REASON
                instance.save()
                for field_name, values in entry.m2m_data.items():
                    getattr(instance, field_name).set(values)
                created[label] = created.get(label, 0) + 1
        return created, kept
