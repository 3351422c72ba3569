"""Cold search against the ceiling: `python bench/search.py`.

The same harness as `bench/pages.py` (throwaway databases with the snapshot plus 1,000
synthetic companies and 20,000 events, gunicorn with 2 workers, wrk), with the page cache off,
for the search page only: two words, one typo, a prefix, a British spelling and a common word,
each beside the trivial view. Prints one table per database and writes
bench-results/search.md.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The sibling harness, found through the path above.
from pages import (
    CEILING,
    GUNICORN,
    ROOT,
    analyze,
    manage,
    platform_summary,
    production_env,
    reset_postgres,
    run_wrk,
    status_of,
)

TARGET = 0.25
SEARCHES = [
    ("search, two words", "/search/?q=Mercedes+Factorial"),
    ("search, one typo", "/search/?q=quantumscpae"),
    ("search, a prefix", "/search/?q=quantum"),
    ("search, British spelling", "/search/?q=sulphide"),
    ("search, a common word", "/search/?q=Volta"),
]


def wait_until_up(base: str, deadline: float) -> None:
    """Like the harness's, but a worker still starting on a busy machine may time out too."""
    while time.monotonic() < deadline:
        try:
            if status_of(base + CEILING[1]) == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not start in time")


def measure_cold(env: dict, port: int, seconds: int, connections: int) -> list[dict]:
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "sstracker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--timeout", "30", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rows = []
    try:
        wait_until_up(base, time.monotonic() + 60)
        for name, path in [CEILING, *SEARCHES]:
            status = status_of(base + path)
            if status != 200:
                rows.append({"page": name, "status": status})
                continue
            rows.append({"page": name, **run_wrk(base + path, seconds, connections)})
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def prepare(env: dict, url: str, args) -> None:
    if url.startswith("postgres"):
        reset_postgres(url)
    manage(env, "migrate", "--no-input")
    manage(env, "load_snapshot")
    manage(env, "seed_synthetic", "--companies", str(args.companies), "--events", str(args.events))
    analyze(url)


def report(database: str, rows: list[dict]) -> list[str]:
    lines = [
        f"### {database}",
        "",
        "| page | req/s | p50 ms | p99 ms | errors | share of ceiling | 25 % target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    ceiling = next((row.get("rps") for row in rows if row["page"] == CEILING[0]), None)
    for row in rows:
        if "rps" not in row:
            lines.append(f"| {row['page']} | HTTP {row['status']} | | | | | |")
            continue
        share = row["rps"] / ceiling if ceiling else 0
        verdict = "" if row["page"] == CEILING[0] else ("met" if share >= TARGET else "missed")
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | "
            f"{row['errors']} | {share:.0%} | {verdict} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sstracker_bench"
        ),
        help="PostgreSQL URL of a scratch database (dropped and re-created); '' to skip",
    )
    parser.add_argument("--skip-sqlite", action="store_true", help="Measure PostgreSQL only.")
    parser.add_argument(
        "--prepared",
        action="store_true",
        help="The PostgreSQL database already holds the data: measure it as it is.",
    )
    parser.add_argument(
        "--sqlite-file", type=Path, help="A SQLite database that already holds the data."
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `apt-get install wrk` (make bench installs it).")
    workdir = Path(tempfile.mkdtemp(prefix="sstracker-bench-search-"))
    databases = [("PostgreSQL", args.postgres)] if args.postgres else []
    if not args.skip_sqlite:
        sqlite_file = args.sqlite_file or workdir / "bench.sqlite3"
        databases.append(("SQLite", f"sqlite:///{sqlite_file}"))
    output = [
        f"Machine: {os.cpu_count()} cores, {platform_summary()}; gunicorn 2 sync workers, "
        f"wrk 2 threads, {args.connections} connections, {args.seconds} s per page; "
        f"data: {args.companies} synthetic companies, {args.events} synthetic events; "
        "page cache off.",
        "",
    ]
    try:
        for database, url in databases:
            env = production_env(url, workdir / "static", 0)
            prepared = args.sqlite_file if url.startswith("sqlite") else args.prepared
            if not prepared:
                print(f"Preparing {database}...", flush=True)
                prepare(env, url, args)
            manage(env, "collectstatic", "--no-input")
            print(f"Measuring {database}...", flush=True)
            rows = measure_cold(env, args.port, args.seconds, args.connections)
            output += report(database, rows) + [""]
            print("\n".join(report(database, rows)), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    (results / "search.md").write_text("\n".join(output) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
