"""Debian's Chromium through Playwright, for the security browser tests (never a downloaded browser)."""

import os
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
EXIT_STUB = "<!DOCTYPE html><title>Weather</title><p>Sunny spells.</p>"


def chromium_or_skip() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (apt-get install chromium)"
    if os.environ.get("CHORUS_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " and CHORUS_REQUIRE_BROWSER=1")
    pytest.skip(message + ": browser tests skipped")


@pytest.fixture
def in_browser():
    """Run a scenario with a fresh Chromium, in a thread of its own.

    Playwright's sync API refuses to start where another Playwright is already running (the
    browser tests elsewhere keep one open for the whole session), so each scenario gets its own
    thread, where no event loop runs. The scenario receives the browser; its exceptions and
    return value come back to the test.
    """
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    def run(scenario):
        outcome = {}

        def target():
            try:
                with sync_playwright() as playwright:
                    instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
                    try:
                        outcome["value"] = scenario(instance)
                    finally:
                        instance.close()
            except BaseException as error:  # noqa: BLE001 -- handed back to the test thread
                outcome["error"] = error

        thread = threading.Thread(target=target, name="security-browser")
        thread.start()
        thread.join(timeout=300)
        assert not thread.is_alive(), "the browser scenario did not finish within 5 minutes"
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")

    return run


@pytest.fixture
def plain_http_cookies(settings):
    """The live server speaks plain HTTP: let the browser keep its cookies there."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.LANGUAGE_COOKIE_SECURE = False
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "session", "csrftoken"
    settings.LANGUAGE_COOKIE_NAME = "language"
    return settings


def guarded_context(browser, origin: str, quick_exit_url: str, **options):
    """A browser context that records every request and lets nothing leave the machine.

    The neutral quick-exit site is served by a local stub; any other foreign request is
    recorded and aborted.
    """
    context = browser.new_context(**options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))

    def route(route):
        url = route.request.url
        if url.startswith(origin):
            route.continue_()
        elif url.startswith(quick_exit_url):
            route.fulfill(status=200, content_type="text/html", body=EXIT_STUB)
        else:
            route.abort()

    context.route("**/*", route)
    return context, requests
