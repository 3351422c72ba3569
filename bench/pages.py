"""Page speed against the ceiling of the stack: `make bench` (or `python bench/pages.py`).

For SQLite and PostgreSQL in turn it builds a throwaway database with the snapshot plus the
synthetic dataset (1,000 companies, 20,000 events), starts gunicorn on 127.0.0.1 with the
production settings, and drives each page with wrk three ways: cold (page cache off), warm
(page cache on, in a private Redis) and warm while a stream of edits saves an event every
50 ms (its p99 is what readers feel while editors work). In the same run, with the same
gunicorn settings, it measures a trivial Django view that returns a fixed page of similar
size, and prints one table: each page's share of that ceiling cold and warm, and its p99
under edits. Only loopback addresses are used; every run is bounded in time.
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
    ("search", "/search/?q=Mercedes+Factorial"),
    ("search, one typo", "/search/?q=quantumscpae"),
    ("API list", "/api/events/"),
    ("Atom feed", "/feeds/events/"),
    ("ladder", "/ladder/"),
    ("slips", "/timeline/slips/"),
    ("scorecards", "/companies/scorecards/"),
    ("calendar", "/calendar.ics"),
    ("sitemap section", "/sitemap-events.xml?p=3"),
]
CEILING = ("trivial view (ceiling)", "/__ceiling__/")
TARGETS = {"cold": 0.25, "warm": 0.80}
P99_LIMIT_MS = 100.0  # under the edit stream
EDIT_STREAM = """
import time
from timeline.models import Event
deadline = time.monotonic() + {seconds}
n = 0
while time.monotonic() < deadline:
    event = Event.objects.get(slug=f"synthetic-event-{{n % 500}}")
    event.summary = f"Edited while readers read, edit number {{n}}."
    event.save()
    n += 1
    time.sleep(0.05)
print(n)
"""


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


def start_redis(port: int, workdir: Path) -> subprocess.Popen:
    """A private Redis on its own port (the machine's own Redis is left alone)."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    return process


def edit_stream(env: dict, seconds: int) -> subprocess.Popen:
    """Saves an event every 50 ms for `seconds`, through the models as the admin does."""
    return subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", EDIT_STREAM.format(seconds=seconds)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip


def measure(env: dict, mode: str, seconds: int, connections: int) -> dict[str, dict]:
    """wrk results by page name for one mode: cold, warm or edits."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "sstracker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--timeout", "30", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    rows = {}
    try:
        wait_until_up(base, time.monotonic() + 30)
        for name, path in [CEILING, *PAGES]:
            status = status_of(base + path)
            if status != 200:
                rows[name] = {"status": status}
                continue
            if mode != "cold":
                status_of(base + path)  # stored once in the shared cache
            editor = edit_stream(env, seconds) if mode == "edits" else None
            rows[name] = run_wrk(base + path, seconds, connections)
            if editor is not None:
                rows[name]["edits"] = int((editor.communicate()[0] or "0").split()[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def report(database: str, results: dict[str, dict[str, dict]]) -> list[str]:
    """One table: each page's share of the ceiling cold and warm, and its p99 under edits."""
    lines = [
        f"### {database}",
        "",
        "| page | cold req/s | cold share | warm req/s | warm share | p99 ms under edits "
        "| errors | cold ≥ 25 % | warm ≥ 80 % | p99 < 100 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    ceiling = {mode: results[mode].get(CEILING[0], {}).get("rps") for mode in results}
    for name, _ in [CEILING, *PAGES]:
        cells, verdicts, errors = [], [], 0
        for mode in ("cold", "warm"):
            row = results[mode].get(name, {})
            if "rps" not in row:
                cells += [f"HTTP {row.get('status')}", ""]
                verdicts.append("missed")
                continue
            share = row["rps"] / ceiling[mode] if ceiling.get(mode) else 0
            errors += row["errors"]
            cells += [f"{row['rps']:.0f}", f"{share:.0%}"]
            verdicts.append("met" if share >= TARGETS[mode] else "missed")
        edits = results["edits"].get(name, {})
        errors += edits.get("errors", 0)
        p99 = edits.get("p99")
        cells.append(f"{p99:.1f}" if p99 is not None else f"HTTP {edits.get('status')}")
        verdicts.append("met" if p99 is not None and p99 < P99_LIMIT_MS else "missed")
        if name == CEILING[0]:
            verdicts = ["", "", ""]
        lines.append(f"| {name} | {' | '.join(cells)} | {errors} | {' | '.join(verdicts)} |")
    return lines


def prepare(database: str, url: str, args, workdir: Path) -> list[str]:
    """Build the database; on PostgreSQL, return the plans of the main queries."""
    print(f"Preparing {database}...", flush=True)
    if url.startswith("postgres"):
        reset_postgres(url)
    env = production_env(url, workdir / "static", 0)
    manage(env, "migrate", "--no-input")
    manage(env, "load_snapshot")
    manage(
        env, "seed_synthetic", "--companies", str(args.companies), "--events", str(args.events)
    )  # fmt: skip
    manage(env, "collectstatic", "--no-input")
    analyze(url)
    if not url.startswith("postgres"):
        return []
    plans = subprocess.run(
        [PYTHON, "bench/explain_queries.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    print(plans, flush=True)
    return ["### Query plans on PostgreSQL (EXPLAIN)", "", plans]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=6, help="wrk duration per page")
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
    parser.add_argument("--sqlite", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: `apt-get install {tool.split('-')[0]}`.")

    workdir = Path(tempfile.mkdtemp(prefix="sstracker-bench-"))
    databases = [("SQLite", f"sqlite:///{workdir / 'bench.sqlite3'}")] if args.sqlite else []
    if args.postgres:
        databases.append(("PostgreSQL", args.postgres))
    output = [
        f"Machine: {os.cpu_count()} cores, {platform_summary()}; gunicorn 2 sync workers, "
        f"wrk 2 threads, {args.connections} connections, {args.seconds} s per page; "
        f"data: {args.companies} synthetic companies, {args.events} synthetic events; "
        "warm and edits with a private Redis.",
        "",
    ]
    redis_port = free_port()
    redis = start_redis(redis_port, workdir)
    try:
        for database, url in databases:
            output += prepare(database, url, args, workdir)
            results = {}
            for mode, cache_seconds in (("cold", 0), ("warm", 600), ("edits", 600)):
                print(f"Measuring {database}, {mode}...", flush=True)
                env = production_env(url, workdir / "static", cache_seconds)
                if mode != "cold":
                    env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
                results[mode] = measure(env, mode, args.seconds, args.connections)
            output += report(database, results) + [""]
            print("\n".join(report(database, results)), flush=True)
    finally:
        redis.terminate()
        shutil.rmtree(workdir, ignore_errors=True)
    results_dir = ROOT / "bench-results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "pages.md").write_text("\n".join(output) + "\n", encoding="utf-8")
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
