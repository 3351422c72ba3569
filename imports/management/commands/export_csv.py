"""Export sources, companies, partnerships or events in the format `import_csv` reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.models import CsvModel
from imports.services import csv_export


class Command(BaseCommand):
    help = "Write every entry of a model as CSV, to a file or to standard output."

    def add_arguments(self, parser):
        parser.add_argument("model", choices=CsvModel.values)
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")
        parser.add_argument(
            "--bom", action="store_true", help="Start with a UTF-8 byte-order mark (for Excel)."
        )

    def handle(self, *args, **options):
        output: Path | None = options["output"]
        if output is None:
            if options["bom"]:
                self.stdout.write("\ufeff", ending="")
            csv_export(model=options["model"], stream=self.stdout)
            return
        try:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = csv_export(model=options["model"], stream=stream, bom=options["bom"])
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {count} {options['model']} to {output}.")
