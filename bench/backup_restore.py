"""How long `manage.py backup` and `restore` take at size: `python bench/backup_restore.py`.

For SQLite and PostgreSQL in turn it builds a throwaway database with the snapshot plus the
synthetic dataset and its history (`seed_synthetic --history`: 1,000 companies and 20,000
events by default), times `backup` into a gzip file, times `restore` of that file into a
second, freshly migrated database, and checks that every table holds the same rows in both.
It prints the times; it does not fail on a slow machine. The goal is under a minute each.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))

from bench.pages import reset_postgres  # noqa: E402


def manage(env: dict, *args: str, quiet: bool = True) -> float:
    """Run a management command; return its wall time in seconds."""
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )
    return time.monotonic() - started


def environment(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SSTRACKER_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-secret-" + "x" * 40,
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    return env


def table_fingerprint(env: dict) -> str:
    """Every backed-up table's row count and a hash of its rows, as one line per table."""
    script = (
        "import hashlib\n"
        "from sstracker.backups import backed_up_models\n"
        "for model in backed_up_models():\n"
        "    rows = model._base_manager.order_by('pk').values_list()\n"
        "    digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]\n"
        "    print(model._meta.label_lower, rows.count(), digest)\n"
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def fresh_database(url: str) -> None:
    if url.startswith("postgres"):
        reset_postgres(url)
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def run(name: str, source_url: str, target_url: str, args, folder: Path) -> tuple:
    print(f"\n{name}: building {args.companies:,} companies and {args.events:,} events…")
    source, target = environment(source_url), environment(target_url)
    fresh_database(source_url)
    manage(source, "migrate", "--no-input")
    manage(source, "load_snapshot")
    manage(
        source,
        "seed_synthetic",
        "--history",
        f"--companies={args.companies}",
        f"--events={args.events}",
    )
    backup = folder / f"{name.lower()}.json.gz"
    backup_seconds = manage(source, "backup", str(backup), quiet=False)
    fresh_database(target_url)
    manage(target, "migrate", "--no-input")
    restore_seconds = manage(target, "restore", str(backup), quiet=False)
    same = table_fingerprint(source) == table_fingerprint(target)
    rows = sum(int(line.split()[1]) for line in table_fingerprint(target).splitlines())
    return name, rows, backup.stat().st_size, backup_seconds, restore_seconds, same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sstracker_bench"
        ),
        help="a database this script may drop and create (another one beside it, '_restored')",
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    results = []
    with tempfile.TemporaryDirectory(prefix="sstracker-backup-bench-") as scratch:
        folder = Path(scratch)
        results.append(
            run(
                "SQLite",
                f"sqlite:///{folder / 'source.sqlite3'}",
                f"sqlite:///{folder / 'restored.sqlite3'}",
                args,
                folder,
            )
        )
        if not args.no_postgres:
            results.append(
                run("PostgreSQL", args.postgres, args.postgres + "_restored", args, folder)
            )

    print("\n| database | rows | file | backup | restore | restored rows identical |")
    print("|---|---:|---:|---:|---:|---|")
    for name, rows, size, backup_seconds, restore_seconds, same in results:
        print(
            f"| {name} | {rows:,} | {size / 1_000_000:.1f} MB | {backup_seconds:.1f} s "
            f"| {restore_seconds:.1f} s | {'yes' if same else 'NO'} |"
        )


if __name__ == "__main__":
    main()
