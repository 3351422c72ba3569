"""How fast CSV imports are, next to django-import-export's row-by-row default.

    .venv/bin/python bench/import_speed.py                      # SQLite in a temporary folder
    DATABASE_URL=postgres://user@host:5432/any .venv/bin/python bench/import_speed.py

With DATABASE_URL the benchmark works in a scratch database `sstracker_bench` on that server
(created, then dropped); the database named in the URL is not touched. It makes companies and
sources, writes a synthetic events CSV, and prints a table:

- preview + commit of N rows through `imports.services.csv_import` (what the admin does:
  a dry run, then the real import), history included;
- the same file through a plain `ModelResource.import_data` (dry run, then the import), the
  way django-import-export works out of the box, with history written row by row;
- time, rows per second and peak memory (resident set, `ru_maxrss`) of
  `manage.py import_csv events` on a file of --big-rows rows, in a fresh process.
"""

import argparse
import csv
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DB = "sstracker_bench"
COMPANIES = 60
SOURCES = 40


def configure_database(workdir: Path) -> str | None:
    """Point DATABASE_URL at a throwaway database; return the PostgreSQL admin URL if any."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        return None
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{SCRATCH_DB}"))
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        connection.execute(f"CREATE DATABASE {SCRATCH_DB}")
    return admin_url


def drop_database(admin_url: str | None) -> None:
    if admin_url is None:
        return
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


def events_csv(rows: int, seed: int = 7) -> bytes:
    """A realistic events file: one or two companies, a source, some targets that slip."""
    randomizer = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    from imports.resources import EventResource

    writer.writerow(EventResource._meta.fields)  # the import format's columns, in order
    dates = ["Oct 2024", "mid-2025", "Q3 2026", "H2 2026", "~2027", "by 2030", "2028"]
    stages = ["pilot_line", "a_sample", "b_sample", "road_test", "small_batch"]
    for n in range(rows):
        companies = randomizer.sample(range(COMPANIES), randomizer.choice([1, 1, 2]))
        is_target = n % 3 == 0
        # Every third target replaces the previous target: a slip is data.
        supersedes = f"bench-event-{n - 3}" if is_target and n >= 3 and n % 9 == 0 else ""
        writer.writerow(
            [
                f"bench-event-{n}",
                f"Synthetic event {n}",
                ";".join(f"bench-company-{c}" for c in companies),
                randomizer.choice(dates),
                "target" if is_target else "milestone",
                randomizer.choice(stages),
                "all_solid",
                "announced" if is_target else "",
                "2024" if is_target else "",
                supersedes,
                f"Summary of synthetic event {n}, long enough to look like a real one.",
                f"https://bench.invalid/source/{randomizer.randrange(SOURCES)}",
                "1" if n % 5 else "0",
                "2025-01-15",
            ]
        )
    return buffer.getvalue().encode()


def setup_django():
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ["DJANGO_DEBUG"] = "0"  # debug keeps every query in memory
    os.environ["DJANGO_SETTINGS_MODULE"] = "sstracker.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed():
    from companies.models import Company, Source

    Company.objects.bulk_create(
        Company(name=f"Bench company {n}", slug=f"bench-company-{n}", role="cell_developer")
        for n in range(COMPANIES)
    )
    Source.objects.bulk_create(
        Source(url=f"https://bench.invalid/source/{n}", title=f"Source {n}") for n in range(SOURCES)
    )


def clear_events():
    from django.db import connection

    from timeline.models import Event

    Event.history.all().delete()
    for m2m in ("companies", "sources"):
        Event._meta.get_field(m2m).remote_field.through.objects.all().delete()
    Event.objects.all().delete()
    Event.history.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")


def time_service(content: bytes) -> tuple[float, str]:
    from imports.services import csv_import

    start = time.perf_counter()
    preview = csv_import(model="events", content=content, file_name="bench.csv", dry_run=True)
    report = csv_import(model="events", content=content, file_name="bench.csv", max_bytes=0)
    elapsed = time.perf_counter() - start
    assert preview.ok and report.written, report.errors[:5]
    return elapsed, report.summary()


def default_resource():
    """django-import-export as documented: natural keys through the stock widgets."""
    from import_export import fields, resources, widgets

    from companies.models import Company, Source
    from imports.resources import EventResource
    from timeline.models import Event

    class DefaultEventResource(resources.ModelResource):
        companies = fields.Field(
            attribute="companies",
            column_name="companies",
            widget=widgets.ManyToManyWidget(Company, field="slug", separator=";"),
        )
        sources = fields.Field(
            attribute="sources",
            column_name="sources",
            widget=widgets.ManyToManyWidget(Source, field="url", separator=";"),
        )
        supersedes = fields.Field(
            attribute="supersedes",
            column_name="supersedes",
            widget=widgets.ForeignKeyWidget(Event, field="slug"),
        )

        class Meta:
            model = Event
            import_id_fields = ("slug",)
            fields = EventResource._meta.fields  # the same columns as ours

    return DefaultEventResource()


def time_default(content: bytes) -> tuple[float, str]:
    import tablib

    dataset = tablib.Dataset().load(content.decode(), format="csv")
    resource = default_resource()
    start = time.perf_counter()
    preview = resource.import_data(dataset, dry_run=True)
    result = resource.import_data(dataset, dry_run=False)
    elapsed = time.perf_counter() - start
    assert not preview.has_errors() and not result.has_errors()
    totals = result.totals
    return elapsed, f"{totals['new']} new, {totals['update']} updated"


def peak_memory_of_command(path: Path) -> float:
    """Peak resident memory (MB) of `manage.py import_csv events FILE` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "import_csv",
            "events",
            str(path),
            "--max-bytes",
            "0",
        ],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise SystemExit(completed.stderr[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024  # Linux reports kilobytes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--big-rows", type=int, default=100_000)
    parser.add_argument("--skip-default", action="store_true", help="Skip the slow default run.")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        admin_url = configure_database(Path(workdir))
        try:
            setup_django()
            from django.db import connection

            seed()
            content = events_csv(options.rows)
            results = []
            elapsed, summary = time_service(content)
            results.append(("csv_import: preview + commit, with history", elapsed, summary))
            clear_events()
            if not options.skip_default:
                elapsed, summary = time_default(content)
                results.append(
                    ("import_data row by row: preview + commit, history", elapsed, summary)
                )
                clear_events()
            big = Path(workdir) / "big.csv"
            big.write_bytes(events_csv(options.big_rows))
            start = time.perf_counter()
            peak = peak_memory_of_command(big)
            command_time = time.perf_counter() - start

            print(
                f"\nDatabase: {connection.vendor}; {options.rows:,} events "
                f"({len(content) / 1e6:.1f} MB)\n"
            )
            print(f"| {'run':<52} | {'seconds':>8} | result")
            print(f"|{'-' * 54}|{'-' * 10}|{'-' * 30}")
            for label, seconds, summary in results:
                print(f"| {label:<52} | {seconds:>8.1f} | {summary}")
            if len(results) == 2:
                print(f"\nSpeed-up: {results[1][1] / results[0][1]:.1f}x")
            print(
                f"\nimport_csv of {options.big_rows:,} rows ({big.stat().st_size / 1e6:.1f} MB): "
                f"{command_time:.1f} s ({options.big_rows / command_time:,.0f} rows/s), "
                f"peak memory {peak:.0f} MB (ru_maxrss of the command's process)"
            )
        finally:
            drop_database(admin_url)


if __name__ == "__main__":
    main()
