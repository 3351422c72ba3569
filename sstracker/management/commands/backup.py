"""Write everything worth keeping to one file: content, history, users, groups, import batches.

    python manage.py backup backup.json.gz

Restore it into an empty, migrated database with `manage.py restore backup.json.gz`. The
format and what it guarantees are described in `sstracker.backups`.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sstracker.backups import BackupError, database_backup


class Command(BaseCommand):
    help = "Write a backup of the whole database (JSON Lines, gzip if the name ends in .gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, verbosity: int, **options):
        if not file.parent.is_dir():
            raise CommandError(f"No such folder: {file.parent}")
        started = time.monotonic()
        progress = self.stdout.write if verbosity >= 1 else (lambda message: None)
        try:
            rows = database_backup(path=file, progress=progress)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed, {file} left as it was: {error}") from error
        self.stdout.write(
            f"Backup written to {file}: {rows:,} rows, {file.stat().st_size:,} bytes, "
            f"{time.monotonic() - started:.1f} s."
        )
