"""Load a file made by `manage.py backup` into an empty, migrated database."""

import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from editorial.database import analyze
from pagecache import bump_content_version
from sstracker.backups import BackupError
from sstracker.restores import database_restore
from timeline.models import SearchEntry
from timeline.search_index import search_index_rebuild

CONTENT_MODELS = ["companies.Company", "companies.Source", "timeline.Event"]


class Command(BaseCommand):
    help = "Restore a backup into an empty database (run `manage.py migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, verbosity: int, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if any(apps.get_model(label).objects.exists() for label in CONTENT_MODELS):
            raise CommandError(
                "The database already holds content; restore only into an empty database "
                "(create a new one and run `manage.py migrate`)."
            )
        started = time.monotonic()
        progress = self.stdout.write if verbosity >= 1 else (lambda message: None)
        try:
            rows = database_restore(path=file, progress=progress)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        # The rows went in without signals: refresh the planner's statistics and the pages.
        if not SearchEntry.objects.exists():  # a backup made before search had an index
            search_index_rebuild()
        analyze()
        bump_content_version()
        self.stdout.write(f"Restored {file}: {rows:,} rows, {time.monotonic() - started:.1f} s.")
