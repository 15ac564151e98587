"""Promise 6: quick exit on every page, by button or by pressing Escape twice.

It replaces the page with the neutral site (QUICK_EXIT_URL, served here by a local stub so no
real request leaves the machine) using location.replace, so the page being read is not in the
history; it sends nothing to Chorus; it is reachable with Tab; without JavaScript it is a plain
link. (Every HTML page carrying the control is checked in test_no_third_party.py.)

location.replace can only replace the current entry: pages visited before it stay in the tab's
history. docs/threat-model.md says so, and the privacy page should advise a private window.
"""

import pytest
from django.conf import settings as django_settings

from tests.factories import metoo
from tests.security.browser import guarded_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exit_url(plain_http_cookies):
    metoo()
    return django_settings.QUICK_EXIT_URL


def open_site(browser, live_server, exit_url, path="/share/", **options):
    context, requests = guarded_context(browser, live_server.url, exit_url, **options)
    page = context.new_page()
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    return context, page, requests


def assert_left_without_trace(page, live_server, exit_url, requests, before: int, history_before: int):
    page.wait_for_url(exit_url + "*", timeout=5_000)
    assert page.url.startswith(exit_url)
    assert page.evaluate("history.length") == history_before, "the page was replaced, not pushed"
    # A static file (the favicon) the page was still fetching when it left tells Chorus nothing.
    sent_home = [
        url for url in requests[before:] if url.startswith(live_server.url) and "/static/" not in url
    ]
    assert sent_home == [], "leaving told Chorus nothing"
    page.go_back()
    assert not page.url.startswith(live_server.url), "Back does not return to the page being read"


def test_the_button_leaves_for_the_neutral_site(in_browser, live_server, exit_url):
    def scenario(browser):
        context, page, requests = open_site(browser, live_server, exit_url)
        history, before = page.evaluate("history.length"), len(requests)
        page.click("#quick-exit")
        assert_left_without_trace(page, live_server, exit_url, requests, before, history)
        context.close()

    in_browser(scenario)


def test_escape_twice_leaves(in_browser, live_server, exit_url):
    def scenario(browser):
        context, page, requests = open_site(browser, live_server, exit_url, path="/stories/")
        history, before = page.evaluate("history.length"), len(requests)
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
        assert page.url.startswith(live_server.url), "one Escape alone does not leave (it closes menus)"
        page.keyboard.press("Escape")
        assert_left_without_trace(page, live_server, exit_url, requests, before, history)
        context.close()

    in_browser(scenario)


def test_escape_works_while_typing_in_a_form(in_browser, live_server, exit_url):
    def scenario(browser):
        context, page, _requests = open_site(browser, live_server, exit_url)
        page.locator("textarea").first.click()
        page.keyboard.type("something private")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        page.wait_for_url(exit_url + "*", timeout=5_000)
        context.close()

    in_browser(scenario)


def test_it_is_reachable_with_the_keyboard(in_browser, live_server, exit_url):
    def scenario(browser):
        context, page, requests = open_site(browser, live_server, exit_url, path="/")
        presses = 0
        while page.evaluate("document.activeElement && document.activeElement.id") != "quick-exit":
            presses += 1
            if presses > 15:
                pytest.fail("Tab never reached the quick-exit control")
            page.keyboard.press("Tab")
        history, before = page.evaluate("history.length"), len(requests)
        page.keyboard.press("Enter")
        assert_left_without_trace(page, live_server, exit_url, requests, before, history)
        assert presses <= 10, f"quick exit is {presses} Tab presses away"
        context.close()

    in_browser(scenario)


def test_without_javascript_it_is_a_plain_link(in_browser, live_server, exit_url):
    def scenario(browser):
        context, page, _requests = open_site(browser, live_server, exit_url, java_script_enabled=False)
        link = page.locator("#quick-exit")
        assert link.get_attribute("href") == exit_url
        assert "noreferrer" in (link.get_attribute("rel") or "")
        link.click()
        page.wait_for_url(exit_url + "*", timeout=5_000)
        context.close()

    in_browser(scenario)
