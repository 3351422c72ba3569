"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

One browser for the whole session; each test gets a fresh page that records console
messages and page errors, and fails if there were any.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses database access
# from a thread with a running loop unless told it is safe, as it is here (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the seeded snapshot loaded."""
    from django.core.management import call_command

    call_command("load_snapshot", verbosity=0)
    return live_server


@pytest.fixture
def slipped(site):
    """The live server with the snapshot and one moved, late-met target (see tests.slipped)."""
    from tests.slipped import add_bmw_slip

    add_bmw_slip()
    return site


class Page:
    """A browser page that remembers console errors and uncaught exceptions."""

    def __init__(self, browser, base_url, viewport, **context_options):
        self.context = browser.new_context(viewport=viewport, **context_options)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors = []
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path} answered {response.status}"
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def desktop(browser, site):
    page = Page(browser, site.url, DESKTOP)
    yield page
    page.close()
    assert page.errors == []


@pytest.fixture
def phone(browser, site):
    page = Page(browser, site.url, PHONE)
    yield page
    page.close()
    assert page.errors == []
