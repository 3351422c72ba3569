"""Import a CSV file from the command line: all rows or none, every problem reported."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports.models import CsvModel
from imports.services import csv_import


class Command(BaseCommand):
    help = (
        "Import sources, companies, partnerships or events from a CSV file. Prints the counts "
        "(new, updated, unchanged), or every error and exits with status 1 having written "
        "nothing."
    )

    # The system checks load every URL and view (about 27 MB) and say nothing about a CSV
    # file; `manage.py check` runs them on deployment and in the tests.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("model", choices=CsvModel.values)
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, write nothing."
        )
        parser.add_argument(
            "--user", help="Username recorded on the batch and in each entry's history."
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=settings.SSTRACKER_CSV_MAX_BYTES,
            help="Largest file accepted, in bytes; 0 for no limit "
            "(default: SSTRACKER_CSV_MAX_BYTES).",
        )

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get_by_natural_key(options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {options['user']!r}.") from None
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None

        report = csv_import(
            model=options["model"],
            content=content,
            file_name=path.name,
            user=user,
            dry_run=options["dry_run"],
            max_bytes=options["max_bytes"],
        )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(report.errors)} error(s) in {path.name}; nothing was written."
            )
        if report.written:
            outcome = f"written as import batch #{report.batch.pk}"
        else:
            outcome = "dry run, nothing written"
        self.stdout.write(f"{path.name}: {report.summary()} ({outcome}).")
