"""How fast a 10,000-row CSV preview answers under gunicorn: `python bench/import_preview.py`.

Builds a throwaway SQLite database, starts gunicorn with the production settings on a
loopback port, logs in as an editor, uploads a file of 10,000 new sources (the check of the
whole file, once) and then times pages of its preview (read back from the stored check),
first, middle and last, several times each. Prints milliseconds and the machine's load;
exits non-zero if the median time of a page of the preview is over the limit.
"""

import argparse
import os
import re
import statistics
import subprocess
import tempfile
import time
import urllib.request
import uuid
from html import unescape
from pathlib import Path

from pages import GUNICORN, PYTHON, ROOT, production_env, wait_until_up

PAGE_LIMIT_MS = 300.0
PASSWORD = "benchmark-passphrase-1"  # noqa: S105 (a throwaway database's only login)


class Browser:
    """Just enough of a browser: cookies (secure ones too, on loopback) and CSRF."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: bytes | None = None, content_type: str = "") -> str:
        request = urllib.request.Request(self.base + path, data=data)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("Referer", self.base + path)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            response = self.opener.open(request, timeout=120)
        except urllib.error.HTTPError as error:  # redirects land here
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return response.read().decode()

    def post_form(self, path: str, fields: dict, file: tuple[str, bytes] | None = None) -> str:
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            )
        body = "".join(parts).encode()
        if file:
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                    f'filename="{file[0]}"\r\nContent-Type: text/csv\r\n\r\n'
                ).encode()
                + file[1]
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        return self.request(path, body, f"multipart/form-data; boundary={boundary}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sources_csv(rows: int) -> bytes:
    lines = ["url,title,publisher,published,accessed,kind"]
    lines += [
        f"https://example.org/bench/{n},Benchmark report {n},Publisher {n},2025,2025-06-02,News"
        for n in range(1, rows + 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def timed(browser: Browser, path: str) -> tuple[float, str]:
    started = time.perf_counter()
    page = browser.request(path)
    return (time.perf_counter() - started) * 1000, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8130)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = production_env(f"sqlite:///{folder}/db.sqlite3", Path(folder) / "static", 0)
        env["DJANGO_ROOT_URLCONF"] = "sstracker.urls"
        env["DJANGO_MEDIA_ROOT"] = f"{folder}/media"
        for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        create = (
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser('bench', password='{PASSWORD}')"
        )
        subprocess.run([PYTHON, "manage.py", "shell", "-c", create], cwd=ROOT, env=env, check=True)
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [GUNICORN, "sstracker.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{args.port}",
             "--timeout", "120"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            run(base, args)
        finally:
            server.terminate()
            server.wait(timeout=30)


def run(base: str, args) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    else:
        wait_until_up(base, time.monotonic())
    browser = Browser(base)
    browser.request("/admin/login/")
    browser.post_form("/admin/login/", {"username": "bench", "password": PASSWORD})
    started = time.perf_counter()
    preview = browser.post_form(
        "/admin/imports/importbatch/upload/sources/", {}, ("bench.csv", sources_csv(args.rows))
    )
    upload_ms = (time.perf_counter() - started) * 1000
    link = re.search(r'href="(/admin/imports/importbatch/preview/sources/\?token=[^"&]+)', preview)
    if link is None:
        raise SystemExit("The upload did not answer with a preview.")
    path = unescape(link.group(1))
    pages = -(-args.rows // 200)
    print(f"Upload and check of {args.rows:,} rows (page 1 rendered): {upload_ms:.0f} ms")
    slowest = 0.0
    for number in (1, pages // 2, pages):
        times = [timed(browser, f"{path}&page={number}")[0] for _ in range(args.repeat)]
        slowest = max(slowest, statistics.median(times))
        print(
            f"Preview page {number} of {pages}: median {statistics.median(times):.0f} ms, "
            f"slowest {max(times):.0f} ms ({args.repeat} requests)"
        )
    print(f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if slowest > PAGE_LIMIT_MS:
        raise SystemExit(f"A preview page took {slowest:.0f} ms (median; limit {PAGE_LIMIT_MS}).")


if __name__ == "__main__":
    main()
