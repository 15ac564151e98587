"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

One browser per test module; each test opens its own contexts (JavaScript on or off, phone or
desktop), so tests never share cookies. Every page a journey visits can be checked with axe-core
(vendored in static/vendor/) and the test fails on any serious or critical violation.

Chromium is Debian's (/usr/bin/chromium); Playwright never downloads a browser. Without it the tests
skip with the reason, unless CHORUS_REQUIRE_BROWSER=1 (CI), which turns the skip into a failure.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE_PATH = ROOT / "static" / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BLOCKING_IMPACTS = {"serious", "critical"}
# Long enough for a slow CI machine, short enough that a missing element fails fast.
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    """Every test in this folder drives the browser: mark it e2e and give it the full database."""
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.e2e)


def _browser_missing(reason: str):
    if os.environ.get("CHORUS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CHORUS_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (apt-get install chromium; CI sets CHORUS_REQUIRE_BROWSER=1)")


@pytest.fixture(scope="module")
def chromium():
    """Launch Debian's Chromium once per test module.

    Not once per session: Playwright's sync API refuses to start while another instance runs in
    the same thread, and other folders' browser tests (tests/security, tests/stories) start their
    own; a module-scoped browser is closed before they run.
    """
    if not os.access(CHROMIUM, os.X_OK):
        _browser_missing(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("the playwright package is not installed (requirements-dev.txt)")
    # Playwright's sync API runs an asyncio loop in this thread; Django then refuses ORM calls
    # from the test body. Nothing here is really async, so tell Django so while the browser lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, settings):
    """The live server's address, with the data the migrations made and the wall's cache off.

    Browser tests need a transactional database (the live server runs in another thread), whose
    flush after each test also empties what the data migrations created: #MeToo and the staff
    groups are made again here. (serialized_rollback would restore them, but breaks as soon as
    another transactional test without it ran first: its flush recreates the content types.)
    """
    from importlib import import_module

    from django.apps import apps

    from tests.factories import metoo

    metoo()
    import_module("accounts.migrations.0003_staff_groups").create_groups(apps, None)
    from tests.catalogues import compile_catalogues

    compile_catalogues()  # `make test` has done it already; a bare `pytest` may not have
    settings.WALL_CACHE_SECONDS = 0
    return live_server.url


class Browsing:
    """Opens pages in fresh browser contexts and checks what they show."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.outside_requests = []
        self.console_errors = []
        self.axe_reports = []
        self._javascript = {}
        self._axe_page = None

    # --- opening pages ----------------------------------------------------------------------
    def page(self, *, js=True, viewport="phone", locale="en-US"):
        """Return a page in a new context: its own cookies, JavaScript on or off."""
        context = self.browser.new_context(
            base_url=self.base_url, java_script_enabled=js, viewport=VIEWPORTS[viewport], locale=locale,
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", self._only_this_site)
        self.contexts.append(context)
        self._javascript[context] = js
        page = context.new_page()
        page.on("console", lambda message: self._console(message, page))
        page.on("pageerror", lambda error: self.console_errors.append(f"{page.url}: {error}"))
        return page

    def sign_in(self, page, user):
        """Give the page's context a signed-in session for user, without the sign-in pages."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": urlsplit(self.base_url).hostname,
            "path": "/", "httpOnly": True, "secure": settings.SESSION_COOKIE_SECURE, "sameSite": "Lax",
        }])

    def _only_this_site(self, route, request):
        # No page may contact another origin (no CDN, analytics, fonts). The quick exit leaves on
        # purpose: answer it here so the test never reaches the internet.
        if request.url.startswith(self.base_url):
            route.continue_()
            return
        self.outside_requests.append(request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Elsewhere</title><p>Elsewhere</p>")

    def _console(self, message, page):
        # A 4xx answer to bad input is part of a journey (and checked there); anything else the
        # console calls an error — a script failing, something the CSP refused — is a problem.
        if message.type == "error" and "the server responded with a status of 4" not in message.text:
            self.console_errors.append(f"{page.url}: {message.text}")

    def close(self):
        for context in self.contexts:
            context.close()

    def assert_stayed_home(self, *, allowed=()):
        """Assert no page contacted another site (except `allowed`) and none logged an error.

        Console errors include anything the Content-Security-Policy refused.
        """
        outside = [url for url in self.outside_requests if not url.startswith(tuple(allowed))]
        assert outside == [], f"pages contacted other sites: {outside}"
        assert self.console_errors == [], f"errors in the browser console: {self.console_errors}"

    # --- accessibility ------------------------------------------------------------------------
    def axe(self, page, label: str) -> list[dict]:
        """Run axe-core on the page as it is now; fail on serious or critical violations.

        A page without JavaScript cannot run axe itself, so its HTML is replayed, scripts
        removed, into a JavaScript-enabled page that loads the same stylesheets.
        """
        target = page if self.javascript(page) else self._replay_without_scripts(page)
        if not target.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's CSP does not govern:
            # a <script> tag would be (rightly) refused by script-src 'self'.
            target.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))
        violations = target.evaluate(
            """async () => {
                const results = await window.axe.run(document, {resultTypes: ["violations"]});
                return results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
                }));
            }"""
        )
        self.axe_reports.append({"page": label, "url": page.url, "violations": violations})
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe found serious or critical problems on {label} ({page.url}):\n" + json.dumps(
            blocking, indent=2, ensure_ascii=False
        )
        return violations

    def javascript(self, page) -> bool:
        return self._javascript.get(page.context, True)

    def _replay_without_scripts(self, page):
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", page.content(), flags=re.S | re.I)
        if self._axe_page is None:
            self._axe_page = self.page(js=True)
        replay = self._axe_page
        replay.set_viewport_size(page.viewport_size)
        url = page.url

        def serve(route):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

        replay.route(url, serve)
        try:
            replay.goto(url)
        finally:
            replay.unroute(url, serve)
        return replay

    # --- layout -------------------------------------------------------------------------------
    def screenshot(self, page, name: str) -> Path:
        """Write what the first screen shows (name.png) and the whole page (name-full.png)."""
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path))
        page.screenshot(path=str(SCREENSHOTS / f"{name}-full.png"), full_page=True)
        return path

    @staticmethod
    def horizontal_overflow(page) -> int:
        """Return by how many CSS pixels the page is wider than the viewport (0 when it fits)."""
        return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def browsing(chromium, site):
    """A Browsing for this test; its axe results are added to screenshots/axe-report.jsonl."""
    browsing = Browsing(chromium, site)
    yield browsing
    browsing.close()
    report = SCREENSHOTS / "axe-report.jsonl"
    with report.open("a", encoding="utf-8") as out:
        for entry in browsing.axe_reports:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")


@pytest.fixture(scope="session", autouse=True)
def _fresh_axe_report():
    """Start each run with an empty axe report next to the screenshots (git-ignored)."""
    report = SCREENSHOTS / "axe-report.jsonl"
    if report.exists():
        report.unlink()
