"""The wall in a real browser: live numbers with JavaScript, a complete page without."""

import os
import threading
from pathlib import Path

import pytest

from stories import releases, services

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser():
    # Request it after the database fixtures: Playwright runs an event loop,
    # inside which Django refuses ORM calls.
    if not Path(CHROMIUM).exists():
        if os.environ.get("CHORUS_REQUIRE_BROWSER"):
            pytest.fail(f"CHORUS_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def wall(live_server, settings):
    from tests.factories import metoo

    settings.WALL_CACHE_SECONDS = 1
    campaign = metoo()
    for kind in ("assault", "harassment"):
        services.record_tap(campaign=campaign, context={"kind": kind})
    releases.release_now(campaign.pk)  # publish the chart and breakdowns before k voices (test only)
    return live_server.url


def tap_elsewhere() -> None:
    from django.db import connections

    from tests.factories import metoo

    try:
        services.record_tap(campaign=metoo(), context={})
    finally:
        connections.close_all()


def test_it_shows_a_tap_from_elsewhere_without_a_reload(wall, browser):
    context = browser.new_context()
    reader = context.new_page()
    problems = []
    reader.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    reader.goto(wall + "/")
    total = reader.locator('[data-live="total-voices"]')
    assert total.inner_text() == "2"
    assert reader.locator("svg.timeline-svg rect.bar").count() >= 1

    # Someone else taps meanwhile. (Through the service, in a thread: Playwright's
    # event loop forbids ORM calls here, and a browser form POST is refused by
    # the CSRF origin check while Referrer-Policy is no-referrer: Chromium then
    # sends "Origin: null".)
    other_visitor = threading.Thread(target=tap_elsewhere)
    other_visitor.start()
    other_visitor.join()

    from playwright.sync_api import expect

    expect(total).to_have_text("3", timeout=15000)  # the poll, with no reload
    expect(reader.locator('[data-live="campaign-metoo"]')).to_have_text("3")
    assert problems == []  # nothing blocked by the Content-Security-Policy
    context.close()


def test_it_is_complete_without_javascript(wall, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(wall + "/")
    assert page.locator('[data-live="total-voices"]').inner_text() == "2"
    assert page.locator("svg.timeline-svg").count() == 1
    assert page.locator("table caption", has_text="What happened").count() == 1
    assert page.get_by_text("hidden").count() >= 1  # one label for every hidden cell, no bound (attack 2)
    context.close()
