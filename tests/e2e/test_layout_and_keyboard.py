"""Phone-first layout, screenshots for people to look at, and the keyboard: quick exit and visible focus."""

import re

import pytest
from playwright.sync_api import expect

from moderation import services as moderation
from tests.moderation.helpers import held, moderator, screened_story

pytestmark = pytest.mark.django_db(transaction=True)

STORY = "My coach said it was normal. It was not. I was 14, and I am saying it now: me too."
PENDING = "At my first job the manager would not stop. I left after three weeks."


@pytest.fixture
def published_story():
    story = screened_story(STORY).story
    mod = moderator()
    held(story, mod)
    moderation.decide(story_id=story.pk, moderator=mod, version=story.version, action="approve")
    screened_story(PENDING)
    return story, mod


def test_it_fits_a_phone_and_a_desktop_and_writes_screenshots(browsing, published_story):
    story, mod = published_story
    shots = {"home": "/", "share": "/share/", "story": story.get_absolute_url(), "moderation-queue": "/moderation/"}
    # Other pages only need to fit a phone.
    also_on_a_phone = [
        "/c/metoo/", "/stories/", "/my-story/", "/resources/", "/policy/", "/privacy/", "/accounts/login/",
        f"/moderation/story/{story.public_id}/",
    ]
    for viewport in ("phone", "desktop"):
        page = browsing.page(viewport=viewport)
        for name, path in shots.items():
            if name.startswith("moderation"):
                browsing.sign_in(page, mod)
            page.goto(path)
            expect(page.locator("main")).to_be_visible()
            browsing.screenshot(page, f"{name}-{viewport}")
            assert browsing.horizontal_overflow(page) <= 0, f"{path} scrolls sideways on a {viewport}"
        if viewport == "phone":
            for path in also_on_a_phone:
                page.goto(path)
                assert browsing.horizontal_overflow(page) <= 0, f"{path} scrolls sideways on a phone"
    browsing.assert_stayed_home()


def tab_until(page, predicate_js: str, *, limit: int = 40) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return True
    return False


FOCUS_IS_VISIBLE = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow && style.boxShadow !== "none";
    return {visible: outline || ring, what: element.outerHTML.slice(0, 80)};
}"""


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_the_quick_exit_is_reachable_by_keyboard_and_leaves(browsing, settings, js):
    page = browsing.page(js=js)
    page.goto("/share/")
    if js:
        assert tab_until(page, "() => document.activeElement && document.activeElement.id === 'quick-exit'")
        focus = page.evaluate(FOCUS_IS_VISIBLE)
        assert focus["visible"], focus
    else:
        # Without JavaScript, Playwright cannot read the focus; the link is still a link.
        page.locator("#quick-exit").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(settings.QUICK_EXIT_URL)
    assert browsing.outside_requests == [settings.QUICK_EXIT_URL]
    browsing.assert_stayed_home(allowed=[settings.QUICK_EXIT_URL])


def test_escape_twice_leaves_at_once(browsing, settings):
    page = browsing.page()
    page.goto("/stories/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(settings.QUICK_EXIT_URL)
    # location.replace: "back" does not return to the page the person was reading.
    page.go_back()
    assert "/stories/" not in page.url


def test_every_control_shows_where_the_keyboard_focus_is(browsing):
    page = browsing.page(viewport="desktop")
    page.goto("/c/metoo/")
    page.get_by_text("Add context (optional)").click()
    page.mouse.click(1, 1)
    seen, hidden = set(), []
    for _ in range(60):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_IS_VISIBLE)
        if focus is None or focus["what"] in seen:
            continue
        seen.add(focus["what"])
        if not focus["visible"]:
            hidden.append(focus["what"])
    assert len(seen) > 15, seen
    assert hidden == [], f"no visible focus on: {hidden}"


def test_a_spanish_browser_gets_the_spanish_interface(browsing):
    page = browsing.page(locale="es-ES")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("link", name=re.compile("Salida rápida", re.I))).to_be_visible()
    browsing.axe(page, "home in Spanish")
    browsing.screenshot(page, "home-phone-es")
    # The switcher in the footer changes it.
    page.get_by_label("Idioma").select_option("fr")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
