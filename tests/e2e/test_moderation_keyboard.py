"""Moderators in Chromium: the keyboard flow, redacting a selection, and the hold timer (issue 17)."""

import datetime
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from moderation.models import Decision, Review
from stories.models import Story
from tests.moderation.helpers import held, moderator, screened_story

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "It happened at the office when I was 24. Nobody listened."
SECOND = "On the bus home from school, a man followed me. I was 15."
THIRD = "At a party, a friend of my brother. I was 17 and said no."
NAMED = "He called me from +1 202-555-0147. It was Mr Okafor at the bakery on Elm Road. I was 19."


def wait_for(check, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_it_moderates_from_the_keyboard(browsing):
    stories = [screened_story(text).story for text in (FIRST, SECOND, THIRD)]
    user = moderator()
    page = browsing.page(viewport="desktop")
    browsing.sign_in(page, user)
    page.goto("/moderation/")
    first_item = page.locator(f".queue-item[data-story='{stories[0].public_id}']")
    expect(first_item).to_be_focused()
    browsing.screenshot(page, "moderation-queue-desktop")

    page.keyboard.press("j")
    expect(page.locator(f".queue-item[data-story='{stories[1].public_id}']")).to_be_focused()
    page.keyboard.press("k")
    expect(first_item).to_be_focused()

    page.keyboard.press("?")
    overlay = page.locator("#shortcut-overlay")
    expect(overlay).to_be_visible()
    expect(overlay).to_contain_text("Approve and go to the next story")
    browsing.axe(page, "shortcut overlay")
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden()
    expect(first_item).to_be_focused()

    # Open: the focus lands on the story (its toggle while the text is folded), then on the text.
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(f"/moderation/story/{stories[0].public_id}/$"))
    expect(page.locator("#story-toggle")).to_be_focused()
    page.keyboard.press("t")
    expect(page.locator("#story-text")).to_be_focused()
    expect(page.locator("#story-text")).to_contain_text("Nobody listened")
    browsing.screenshot(page, "moderation-review-desktop")
    browsing.axe(page, "review page, keyboard")

    # Approve and next: one key, and the next story is open and held.
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(f"/moderation/story/{stories[1].public_id}/$"))
    expect(page.locator("#story-toggle")).to_be_focused()
    assert Decision.objects.get(story=stories[0]).action == "approve"
    assert Review.objects.get(story=stories[1]).claimed_by == user

    # Reject with a reason: r picks Reject and puts the focus on the reason.
    page.keyboard.press("r")
    expect(page.locator("#id_reason_code")).to_be_focused()
    page.locator("#id_reason_code").select_option("not-a-testimony")
    page.get_by_role("button", name="Decide and next").click()
    expect(page).to_have_url(re.compile(f"/moderation/story/{stories[2].public_id}/$"))
    assert Decision.objects.get(story=stories[1]).reason_code == "not-a-testimony"

    # Typing in a field never triggers a shortcut, nor the quick exit.
    page.locator("#id_note").fill("")
    page.locator("#id_note").press("a")
    page.locator("#id_note").press("Escape")
    page.locator("#id_note").press("Escape")
    expect(page).to_have_url(re.compile(f"/moderation/story/{stories[2].public_id}/$"))
    assert not Decision.objects.filter(story=stories[2]).exists()

    # Release: u puts it back and returns to the queue.
    page.locator("h1").click()
    page.keyboard.press("u")
    expect(page).to_have_url(re.compile(r"/moderation/(\?.*)?$"))
    assert Review.objects.get(story=stories[2]).claimed_by is None
    browsing.assert_stayed_home()


def test_it_redacts_a_selection_as_a_kind_of_detail_in_one_step(browsing):
    story = screened_story(NAMED).story
    user = moderator()
    held(story, user)
    page = browsing.page(viewport="desktop")
    browsing.sign_in(page, user)
    page.goto(f"/moderation/story/{story.public_id}/")
    page.get_by_text("Show the story text").click()
    toolbar = page.locator("#selection-toolbar")
    expect(toolbar).to_be_hidden()
    # Select "Mr Okafor", which comes after a highlighted phone number and its label.
    page.evaluate("""() => {
        const segment = [...document.querySelectorAll('#story-text .seg')].find(s => s.textContent.includes('Okafor'));
        const text = segment.firstChild;
        const start = text.data.indexOf('Mr Okafor');
        const range = document.createRange();
        range.setStart(text, start);
        range.setEnd(text, start + 'Mr Okafor'.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }""")
    expect(toolbar).to_be_visible()
    browsing.screenshot(page, "moderation-review-selection-desktop")
    browsing.axe(page, "review page, selection toolbar")
    toolbar.get_by_role("button", name="a name").click()
    expect(page.locator(".messages")).to_contain_text("Removed.")
    story.refresh_from_db()
    assert "Mr Okafor" not in story.text
    assert "It was [removed] at the bakery on Elm Road" in story.text
    change = Review.objects.get(story=story).redactions[-1]
    assert (change["kind"], change["before"]) == ("name", "Mr Okafor")

    # A highlight is itself a button: focus it from the keyboard and redact it with x.
    page.get_by_text("Show the story text").click()
    page.keyboard.press("h")
    expect(page.locator("#story-text button.signal-phone")).to_be_focused()
    page.keyboard.press("x")
    expect(page.locator(".messages")).to_contain_text("Removed.")
    story.refresh_from_db()
    assert "202-555-0147" not in story.text
    browsing.assert_stayed_home()


def test_the_hold_shows_its_time_renews_while_working_and_can_be_held_again(browsing, settings):
    settings.MODERATION_CLAIM_MINUTES = 0.2  # twelve seconds, so the test can watch it run out
    story = screened_story(FIRST).story
    user = moderator()
    page = browsing.page(viewport="phone")
    browsing.sign_in(page, user)
    page.goto("/moderation/")
    browsing.screenshot(page, "moderation-queue-phone")
    page.locator(f".queue-item[data-story='{story.public_id}']").get_by_role("button", name="Open and review").click()
    timer = page.locator("#hold-timer [data-hold-left]")
    expect(timer).to_have_text(re.compile(r"\(0:(1[0-2]|0\d)\)"))

    # Working on the page (typing a note) renews the hold before it runs out.
    first_until = Review.objects.get(story=story).claimed_until
    page.locator("#id_note").fill("Thank you for telling us.")
    page.wait_for_function(
        "() => { const m = document.querySelector('#hold-timer [data-hold-left]').textContent.match(/0:(\\d\\d)/);"
        " return m && Number(m[1]) > 8 && performance.now() > 8000; }", timeout=20_000,
    )
    assert Review.objects.get(story=story).claimed_until > first_until

    # Left alone, it runs out: the page says so and offers to hold it again, keeping the note.
    page.mouse.move(0, 0)
    expired = page.locator("#hold-expired")
    expect(expired).to_be_visible(timeout=30_000)
    expect(expired.get_by_role("button", name="Hold it again")).to_be_visible()
    assert Review.objects.get(story=story).claimed_until <= timezone.now() + datetime.timedelta(seconds=1)
    settings.MODERATION_CLAIM_MINUTES = 5
    expired.get_by_role("button", name="Hold it again").click()
    expect(expired).to_be_hidden()
    expect(page.locator("#id_note")).to_have_value("Thank you for telling us.")
    browsing.screenshot(page, "moderation-review-phone")
    assert Review.objects.get(story=story).claimed_until > timezone.now() + datetime.timedelta(minutes=4)

    # Leaving the page releases the hold.
    page.goto("/")
    assert wait_for(lambda: Review.objects.get(story=story).claimed_by is None)
    assert Story.objects.get(pk=story.pk).status == "in_review"
    browsing.assert_stayed_home()
