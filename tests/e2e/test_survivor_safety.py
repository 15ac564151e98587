"""Issue 13 in Chromium: crisis help at posting (1), no trace on the device (2), the key shown whole on
a phone (3), withdrawal confirmed on a page of its own and no browser error page after it (5).

Screenshots (tests/e2e/screenshots/safety-*.png) are for people to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from stories.models import Story

pytestmark = pytest.mark.django_db(transaction=True)

CRISIS = "i don't want to be alive anymore"
ORDINARY = "It happened at work, more than once. I never told anyone until now."


def share(page, text):
    page.goto("/share/")
    page.get_by_label("Your story").fill(text)
    page.get_by_role("button", name="Send my story for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you for sharing")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_crisis_language_leads_the_confirmation_with_crisis_help(browsing, viewport):
    page = browsing.page(viewport=viewport, js=False)
    share(page, CRISIS)
    help_box = page.locator("[data-crisis-help]")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("If you are in danger right now")
    first_line = help_box.locator(".resources li").first
    expect(first_line).to_contain_text("988")
    # On the first screen, above the key.
    box = help_box.bounding_box()
    assert box["y"] < page.viewport_size["height"], "crisis help is on the first screen"
    assert box["y"] < page.locator("#story-key").bounding_box()["y"]
    assert Story.objects.get().crisis_help_shown
    browsing.axe(page, f"share confirmation with crisis help ({viewport})")
    browsing.screenshot(page, f"safety-share-done-crisis-{viewport}")

    calm = browsing.page(viewport=viewport, js=False)
    share(calm, ORDINARY)
    expect(calm.locator("[data-crisis-help]")).to_have_count(0)
    browsing.screenshot(calm, f"safety-share-done-{viewport}")
    browsing.assert_stayed_home()


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_nothing_chorus_keeps_outlives_the_browser_and_one_button_clears_it(browsing, js):
    page = browsing.page(js=js)
    page.goto("/c/metoo/")
    page.get_by_role("button", name="Me too", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("You are counted")
    page.goto("/c/metoo/")
    expect(page.get_by_text("already counted")).to_have_count(0)
    cookies = page.context.cookies()
    assert any(cookie["name"].endswith("counted") for cookie in cookies), cookies
    for cookie in cookies:
        assert cookie["expires"] == -1, f"{cookie['name']} would outlive the browser"

    page.goto("/privacy/")
    table = page.locator(".cookie-table")
    for cookie in cookies:
        expect(table).to_contain_text(cookie["name"])
    browsing.axe(page, "privacy")
    browsing.screenshot(page, f"safety-privacy-{'js' if js else 'nojs'}-phone")
    page.get_by_role("button", name="Clear what Chorus stored in this browser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chorus's traces in this browser are cleared")
    assert page.context.cookies() == [], page.context.cookies()
    browsing.screenshot(page, f"safety-no-trace-left-{'js' if js else 'nojs'}-phone")
    desktop = browsing.page(js=js, viewport="desktop")
    desktop.goto("/privacy/")
    browsing.screenshot(desktop, f"safety-privacy-{'js' if js else 'nojs'}-desktop")
    browsing.assert_stayed_home()


def test_the_key_is_shown_whole_on_a_phone_without_javascript(browsing):
    page = browsing.page(viewport="phone", js=False)
    share(page, ORDINARY)
    key_box = page.locator("#story-key")
    key = key_box.get_attribute("data-key")
    words = key.split("-")
    assert len(words) >= 7
    expect(key_box).to_be_visible()
    assert re.sub(r"\s", "", key_box.inner_text()) == key, "every word is on the page"
    box = key_box.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    for word in key_box.locator(".key-word").all():
        word_box = word.bounding_box()
        assert word_box["x"] >= 0 and word_box["x"] + word_box["width"] <= 390, (word.inner_text(), word_box)
    assert browsing.horizontal_overflow(page) <= 0
    browsing.screenshot(page, "safety-key-phone")
    # Selecting it with a tap-and-hold or a triple click takes the whole key (user-select: all).
    measured = browsing.page(viewport="phone", js=True)
    share(measured, ORDINARY)
    style = measured.locator("#story-key").evaluate(
        "el => { const s = getComputedStyle(el); return [s.userSelect || s.webkitUserSelect, s.fontFamily, parseFloat(s.fontSize)]; }"
    )
    assert style[0] == "all" and "mono" in style[1].lower() and style[2] >= 20, style
    measured.locator("#story-key").click(click_count=3)
    selected = measured.evaluate("() => window.getSelection().toString()")
    assert re.sub(r"\s", "", selected) == measured.locator("#story-key").get_attribute("data-key")
    desktop = browsing.page(viewport="desktop", js=False)
    share(desktop, ORDINARY)
    browsing.screenshot(desktop, "safety-key-desktop")
    browsing.assert_stayed_home()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_withdrawal_is_confirmed_on_its_own_page_and_back_never_shows_a_browser_error(browsing, viewport):
    page = browsing.page(viewport=viewport, js=False)
    share(page, ORDINARY)
    key = page.locator("#story-key").get_attribute("data-key")
    page.goto("/my-story/")
    page.get_by_label("Your story key").fill(key)
    page.get_by_role("button", name="Open my story").click()
    page.get_by_role("button", name="Withdraw my story…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your story?")
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    assert Story.objects.get().status != "withdrawn"
    browsing.axe(page, f"withdrawal confirmation ({viewport})")
    browsing.screenshot(page, f"safety-withdraw-confirm-{viewport}")
    page.get_by_role("button", name="Yes, withdraw and erase my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is withdrawn")
    assert Story.objects.get().status == "withdrawn"
    browsing.screenshot(page, f"safety-withdrawn-{viewport}")

    # The address of the last form post, reopened from the history: a page, not "HTTP ERROR 405".
    response = page.goto("/my-story/withdraw/")
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("There is nothing to show at this address")
    expect(page.locator("#quick-exit")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the wall")).to_be_visible()
    browsing.axe(page, f"405 ({viewport})")
    browsing.screenshot(page, f"safety-405-{viewport}")
    browsing.assert_stayed_home()
