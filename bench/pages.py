"""Page speed against the ceiling of the stack: `make bench` (or `python bench/pages.py`).

For SQLite and PostgreSQL in turn it builds a throwaway database with the snapshot plus the
synthetic dataset (1,000 companies, 20,000 events), starts gunicorn on 127.0.0.1 with the
production settings, and drives each page with wrk: cold (page cache off) and warm (page cache
on). In the same run, with the same gunicorn settings, it measures a trivial Django view that
returns a fixed page of similar size, and prints each page's share of that ceiling.
Only loopback addresses are used; every run is bounded in time.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

PAGES = [
    ("home", "/"),
    ("timeline, first page", "/timeline/"),
    ("timeline, filtered", "/timeline/?kind=target&chemistry=all_solid"),
    ("timeline, last page", "/timeline/?page=last"),
    ("company page", "/companies/synthetic-company-7/"),
    ("search", "/search/?q=Volta"),
    ("API list", "/api/events/"),
    ("Atom feed", "/feeds/events/"),
]
CEILING = ("trivial view (ceiling)", "/__ceiling__/")
TARGETS = {"cold": 0.25, "warm": 0.80}
P99_LIMIT_MS = 100.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def reset_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def analyze(url: str) -> None:
    """Refresh the planner's statistics after the bulk load, as autovacuum would in time."""
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")
    else:
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            connection.execute("ANALYZE")


def production_env(database_url: str, static_root: Path, page_cache_seconds: int) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SSTRACKER_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ROOT_URLCONF="bench.ceiling_urls",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_STATIC_ROOT=str(static_root),
        SSTRACKER_PAGE_CACHE_SECONDS=str(page_cache_seconds),
    )
    env.pop("REDIS_URL", None)  # the default, per-process cache; see README for Redis
    return env


def wait_until_up(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + CEILING[1], timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start in time")


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def parse_duration_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_duration_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = parse_duration_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def measure(env: dict, mode: str, seconds: int, connections: int) -> list[dict]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "sstracker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--timeout", "30", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rows = []
    try:
        wait_until_up(base, time.monotonic() + 30)
        for name, path in [CEILING, *PAGES]:
            status = status_of(base + path)
            if status != 200:
                rows.append({"mode": mode, "page": name, "status": status})
                continue
            if mode == "warm":
                for _ in range(6):  # each worker keeps its own copy in the default cache
                    status_of(base + path)
            rows.append({"mode": mode, "page": name, **run_wrk(base + path, seconds, connections)})
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def report(database: str, rows: list[dict]) -> list[str]:
    lines = [
        f"### {database}",
        "",
        "| mode | page | req/s | p50 ms | p99 ms | errors | share of ceiling | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    ceilings = {row["mode"]: row.get("rps") for row in rows if row["page"] == CEILING[0]}
    for row in rows:
        if "rps" not in row:
            lines.append(f"| {row['mode']} | {row['page']} | HTTP {row['status']} | | | | | |")
            continue
        share = row["rps"] / ceilings[row["mode"]] if ceilings.get(row["mode"]) else 0
        if row["page"] == CEILING[0]:
            verdict = ""
        else:
            ok = share >= TARGETS[row["mode"]] and row["p99"] < P99_LIMIT_MS and row["errors"] == 0
            verdict = "met" if ok else "missed"
        lines.append(
            f"| {row['mode']} | {row['page']} | {row['rps']:.0f} | {row['p50']:.1f} | "
            f"{row['p99']:.1f} | {row['errors']} | {share:.0%} | {verdict} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sstracker_bench"
        ),
        help="PostgreSQL URL of a scratch database (dropped and re-created); '' to skip",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `apt-get install wrk` (make bench installs it).")

    workdir = Path(tempfile.mkdtemp(prefix="sstracker-bench-"))
    databases = [("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}")]
    if args.postgres:
        databases.append(("PostgreSQL", args.postgres))
    output = [
        f"Machine: {os.cpu_count()} cores, {platform_summary()}; gunicorn 2 sync workers, "
        f"wrk 2 threads, {args.connections} connections, {args.seconds} s per page; "
        f"data: {args.companies} synthetic companies, {args.events} synthetic events.",
        "",
    ]
    try:
        for database, url in databases:
            print(f"Preparing {database}...", flush=True)
            if url.startswith("postgres"):
                reset_postgres(url)
            env = production_env(url, workdir / "static", 0)
            manage(env, "migrate", "--no-input")
            manage(env, "load_snapshot")
            manage(
                env, "seed_synthetic", "--companies", str(args.companies),
                "--events", str(args.events),
            )  # fmt: skip
            manage(env, "collectstatic", "--no-input")
            analyze(url)
            if url.startswith("postgres"):
                plans = subprocess.run(
                    [PYTHON, "bench/explain_queries.py"],
                    cwd=ROOT, env=env, capture_output=True, text=True, check=True,
                ).stdout  # fmt: skip
                output += ["### Query plans on PostgreSQL (EXPLAIN)", "", plans]
                print(plans, flush=True)
            rows = []
            for mode, cache_seconds in (("cold", 0), ("warm", 600)):
                print(f"Measuring {database}, {mode}...", flush=True)
                env = production_env(url, workdir / "static", cache_seconds)
                rows += measure(env, mode, args.seconds, args.connections)
            output += report(database, rows) + [""]
            print("\n".join(report(database, rows)), flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results = ROOT / "bench-results"
    results.mkdir(exist_ok=True)
    (results / "pages.md").write_text("\n".join(output) + "\n", encoding="utf-8")
    print("\n".join(output))


def platform_summary() -> str:
    import platform

    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB RAM, "
    except (ValueError, OSError):
        pass
    return f"{memory}{platform.python_implementation()} {platform.python_version()}"


if __name__ == "__main__":
    main()
