"""Dump everything worth keeping to one file: content, history, users, groups, import batches.

    python manage.py backup backup.json.gz

Restore it into an empty, migrated database with `manage.py restore backup.json.gz`.
Primary keys are kept, so history rows still point at their entries after a restore.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` on the target, or worthless there.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class Command(BaseCommand):
    help = "Write a backup of the whole database (JSON, gzip if the name ends in .gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            output=str(file),
            verbosity=0,
        )
        self.stdout.write(f"Backup written to {file} ({file.stat().st_size:,} bytes).")
