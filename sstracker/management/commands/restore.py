"""Load a file made by `manage.py backup` into an empty, migrated database."""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

CONTENT_MODELS = ["companies.Company", "companies.Source", "timeline.Event"]


class Command(BaseCommand):
    help = "Restore a backup into an empty database (run `manage.py migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        if any(apps.get_model(label).objects.exists() for label in CONTENT_MODELS):
            raise CommandError(
                "The database already holds content; restore only into an empty database "
                "(create a new one and run `manage.py migrate`)."
            )
        # The backup holds the history; loading must not add records of its own (loaddata
        # relinks many-to-many rows, which would otherwise write one record per entry).
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", str(file), verbosity=0)
        self.stdout.write(f"Restored {file}.")
