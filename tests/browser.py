"""A real Chromium for the browser tests: Debian's headless chromium through Playwright's Python package
(``browser_page``), screenshots for people to look at (``screenshot``), and polling a page without eval
(``wait_until``). The fixtures are registered in conftest.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def wait_until(page, predicate: str, seconds: float = 20):
    """Poll a JS predicate from Python until it is truthy.

    Playwright's ``wait_for_function`` polls with ``eval`` inside the page, which the
    app's Content-Security-Policy (no 'unsafe-eval') rightly blocks; ``evaluate``
    goes through the DevTools protocol instead.
    """
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(predicate)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {predicate}")
        time.sleep(0.05)


@pytest.fixture
def browser_page(request):
    """A Playwright page in Debian's headless Chromium that fails on any request to another host.

    ``page.console_errors`` collects console errors; ``page.foreign_requests`` any blocked URLs.
    """
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # a German reader's browser: Accept-Language de-DE, date fields as TT.MM.JJJJ (the pages are German)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="de-DE")
        page.console_errors = []
        page.foreign_requests = []
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

        def guard(route):
            host = urlsplit(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                page.foreign_requests.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.wait_until = lambda predicate, seconds=20: wait_until(page, predicate, seconds)
        yield page
        browser.close()
    assert not page.foreign_requests, f"requests left the server: {page.foreign_requests}"


ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def screenshot():
    """Save a PNG of a page under tests/artifacts/ (for people to look at)."""
    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take
