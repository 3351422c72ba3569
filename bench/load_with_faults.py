"""Load with faults: public pages under load while editors import and edit, then while the cache
server is stopped and started again. Prints the counts; exits non-zero if any request failed or
any write was lost.

    python bench/load_with_faults.py            # make load-faults

Everything runs on loopback: a scratch PostgreSQL database, a private Redis on its own port
(the machine's Redis is left alone), gunicorn with 2 workers, and wrk with 50 connections for a
bounded time per phase.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import (
    GUNICORN,
    PYTHON,
    ROOT,
    analyze,
    free_port,
    manage,
    production_env,
    reset_postgres,
    start_redis,
    wait_until_up,
)

PATHS = [
    "/",
    "/timeline/",
    "/timeline/?kind=target",
    "/timeline/?page=3",
    "/companies/",
    "/companies/synthetic-company-7/",
    "/partnerships/",
    "/sources/",
    "/search/?q=Volta",
    "/api/events/",
    "/feeds/events/",
    "/challenges/",
]

# wrk counts 5xx and 4xx itself (Lua), beside its socket errors.
WRK_SCRIPT = textwrap.dedent(
    """
    local threads = {}
    local paths = {%s}
    function setup(thread) table.insert(threads, thread) end
    function init(args) failed = 0; refused = 0; n = 0 end
    function request()
      n = n + 1
      return wrk.format("GET", paths[(n %% #paths) + 1])
    end
    function response(status, headers, body)
      if status >= 500 then failed = failed + 1 elseif status >= 400 then refused = refused + 1 end
    end
    function done(summary, latency, requests)
      local f, r = 0, 0
      for _, t in ipairs(threads) do f = f + t:get("failed"); r = r + t:get("refused") end
      local e = summary.errors
      io.write(string.format("requests %%d\\n5xx %%d\\n4xx %%d\\n", summary.requests, f, r))
      io.write(string.format("socket_errors %%d\\n", e.connect + e.read + e.write + e.timeout))
      io.write(string.format("p99_ms %%.1f\\n", latency:percentile(99) / 1000))
    end
    """
)

EDIT_SCRIPT = """
import time
from timeline.models import Event
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="load-editor")
deadline = time.monotonic() + {seconds}
n = 0
while time.monotonic() < deadline:
    event = Event.objects.get(slug=f"synthetic-event-{{n % 500}}")
    event.summary = f"Edited under load ({tag}), edit number {{n}}."
    event._history_user = user
    event.save()
    n += 1
    time.sleep(0.05)
print(n)
"""

VERIFY_SCRIPT = """
from timeline.models import Event
edits = Event.history.filter(summary__startswith="Edited under load").count()
imported = Event.objects.filter(slug__startswith="load-import-").count()
print(edits, imported)
"""


def write_import_file(path: Path, rows: int, tag: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["slug", "title", "companies", "date", "kind", "published"])
        for n in range(rows):
            writer.writerow(
                [
                    f"load-import-{tag}-{n}",
                    f"Imported under load {tag} {n}",
                    f"synthetic-company-{n % 200}",
                    f"Q{n % 4 + 1} {2020 + n % 10}",
                    "milestone",
                    "yes",
                ]
            )


def run_wrk(base: str, seconds: int, connections: int, script: Path) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(script), base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    counts = {}
    for line in output.splitlines():
        key, _, value = line.partition(" ")
        if key in {"requests", "5xx", "4xx", "socket_errors", "p99_ms"}:
            counts[key] = float(value) if key == "p99_ms" else int(value)
    return counts


def phase(name, base, env, args, script, workdir, *, redis_fault=None) -> dict:
    """Load for `args.seconds` while a 10,000-row import and a stream of edits run."""
    import_file = workdir / f"import-{name}.csv"
    write_import_file(import_file, args.rows, name)
    results = {}

    def edits():
        code = EDIT_SCRIPT.format(seconds=max(1, args.seconds - 5), tag=name)
        out = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        results["edits"] = int(out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else -1
        if out.returncode != 0:  # say why the edit stream stopped
            results["edit_error"] = out.stderr.strip().splitlines()[-1:]

    def importer():
        time.sleep(3)
        out = subprocess.run(
            [PYTHON, "manage.py", "import_csv", "events", str(import_file), "--user",
             "load-editor"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        results["import_exit"] = out.returncode
        results["import_output"] = (
            out.stdout.strip().splitlines()[-1:] + out.stderr.splitlines()[-3:]
        )

    workers = [threading.Thread(target=edits), threading.Thread(target=importer)]
    if redis_fault:
        workers.append(threading.Thread(target=redis_fault))
    for worker in workers:
        worker.start()
    results.update(run_wrk(base, args.seconds, args.connections, script))
    for worker in workers:
        worker.join()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rows", type=int, default=10000, help="rows in each import file")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/sstracker_faults"
        ),
    )
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install {'wrk' if tool == 'wrk' else 'redis'}")

    workdir = Path(tempfile.mkdtemp(prefix="sstracker-faults-"))
    redis_port, web_port = free_port(), free_port()
    redis = start_redis(redis_port, workdir)
    server = None
    try:
        reset_postgres(args.postgres)
        env = production_env(args.postgres, workdir / "static", 600)
        env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        manage(env, "migrate", "--no-input")
        manage(env, "load_snapshot")
        manage(env, "seed_synthetic", "--companies", "200", "--events", "2000")
        manage(env, "collectstatic", "--no-input")
        subprocess.run(
            [PYTHON, "manage.py", "make_editor", "load-editor", "--create"],
            cwd=ROOT, env={**env, "SSTRACKER_EDITOR_PASSWORD": "load-test-passphrase-9"},
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        analyze(args.postgres)
        script = workdir / "paths.lua"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in PATHS), encoding="utf-8")
        server = subprocess.Popen(
            [GUNICORN, "sstracker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{web_port}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{web_port}"
        wait_until_up(base, time.monotonic() + 30)

        report = {"steady": phase("steady", base, env, args, script, workdir)}

        def stop_and_restart_redis():
            nonlocal redis
            time.sleep(args.seconds / 4)
            redis.terminate()
            redis.wait(timeout=10)
            time.sleep(args.seconds / 4)
            redis = start_redis(redis_port, workdir)

        report["cache down and back"] = phase(
            "cache", base, env, args, script, workdir, redis_fault=stop_and_restart_redis
        )
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        redis.terminate()

    verified = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", VERIFY_SCRIPT],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    stored_edits, stored_rows = int(verified[-2]), int(verified[-1])
    made_edits = sum(r.get("edits", 0) for r in report.values())
    failures = (stored_edits != made_edits) + (stored_rows != args.rows * len(report))
    print(f"Load with faults: {args.connections} connections, {args.seconds} s per phase, "
          f"{args.rows}-row imports, gunicorn 2 workers, PostgreSQL, Redis.")  # fmt: skip
    print("| phase | requests | 5xx | socket errors | 4xx | p99 ms | edits | import |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, r in report.items():
        imported = "ok" if r.get("import_exit") == 0 else f"FAILED {r.get('import_output')}"
        print(
            f"| {name} | {r.get('requests')} | {r.get('5xx')} | {r.get('socket_errors')} | "
            f"{r.get('4xx')} | {r.get('p99_ms')} | {r.get('edits')} | {imported} |"
        )
        failures += r.get("5xx", 1) + r.get("socket_errors", 1) + (r.get("import_exit") != 0)
        failures += not r.get("edits") or r.get("edits") < 0  # the edit stream must have run
        if r.get("edit_error"):
            print(f"The edit stream of phase {name!r} stopped: {r['edit_error']}")
    print(
        f"Writes kept: {stored_edits} of {made_edits} edits in history, "
        f"{stored_rows} of {args.rows * len(report)} imported rows."
    )
    shutil.rmtree(workdir, ignore_errors=True)
    print("zero errors" if failures == 0 else f"{failures} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
