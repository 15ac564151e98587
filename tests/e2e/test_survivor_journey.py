"""A survivor adds their voice, shares a story, and manages it with the story key — JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from moderation import services as moderation
from stories.models import Story, Tap
from tests.moderation.helpers import held, moderator

pytestmark = pytest.mark.django_db(transaction=True)

STORY = "It happened at the office party. I was 24 and nobody said anything. I never told anyone until now."
EDITED = "It happened at an office party. I was 24. I never told anyone until now, and I am telling you."


def number(locator) -> int:
    return int(re.sub(r"\D", "", locator.inner_text()) or 0)


@pytest.mark.parametrize("js", [True, False], ids=["javascript", "no-javascript"])
def test_it_lets_a_survivor_say_me_too_share_and_manage_a_story(browsing, js):
    page = browsing.page(js=js)

    # The wall: the count is the first thing anyone sees.
    page.goto("/")
    browsing.axe(page, "home")
    total_before = number(page.locator('[data-live="total-voices"]'))

    # "Me too", with context, from the campaign page.
    page.get_by_role("link", name="#MeToo").first.click()
    expect(page).to_have_url(re.compile(r"/c/metoo/$"))
    browsing.axe(page, "campaign")
    campaign_before = number(page.locator('[data-live="campaign-metoo"]'))
    page.get_by_text("Add context (optional)").click()
    page.get_by_label("What happened").select_option(label="Harassment")
    page.get_by_label("Where it happened").select_option(label="Workplace")
    page.get_by_role("radio", name="No", exact=True).check()
    browsing.axe(page, "campaign with the context form open")
    page.get_by_role("button", name="Me too, with this context").click()
    expect(page.locator(".messages")).to_contain_text("You are counted. You are not alone.")
    assert number(page.locator('[data-live="campaign-metoo"]')) == campaign_before + 1
    # One message; the page itself never says this browser was counted (docs/threat-model.md).
    expect(page.get_by_text("You're already counted in #MeToo")).to_have_count(0)
    tap = Tap.objects.get()
    assert (tap.kind, tap.setting, tap.told_before) == ("harassment", "workplace", "no")
    page.goto("/")
    assert number(page.locator('[data-live="total-voices"]')) == total_before + 1

    # A story, anonymously, behind a content warning.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Share your story").click()
    browsing.axe(page, "share form")
    page.get_by_label("Your story").fill(STORY)
    page.get_by_label("My story describes what happened in detail").check()
    expect(page.get_by_role("radio", name=re.compile("anonym", re.I)).first).to_be_checked()
    page.get_by_role("button", name="Send my story for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you for sharing")
    browsing.axe(page, "share confirmation")
    key = page.locator("#story-key").get_attribute("data-key")
    assert re.sub(r"\s", "", page.locator("#story-key").inner_text()) == key, "the key is shown whole"
    assert len(re.split(r"[\s-]+", key)) >= 7, key
    copy_button = page.get_by_role("button", name="Copy the key")
    if js:
        expect(copy_button).to_be_visible()
    else:
        expect(copy_button).to_be_hidden()
    story = Story.objects.get()
    assert story.content_warning and story.anonymity == "anonymous" and story.status == "in_review"

    # Status with the key.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My story").click()
    browsing.axe(page, "story key form")
    page.get_by_label("Your story key").fill(key)
    page.get_by_role("button", name="Open my story").click()
    expect(page.locator("[data-story-status]")).to_contain_text("Waiting for review")
    browsing.axe(page, "story status (waiting)")

    # A moderator asks for a change; the author sees the reason and the note.
    mod = moderator()
    held(story, mod)
    moderation.decide(
        story_id=story.pk, moderator=mod, version=story.version, action="request_changes",
        reason_code="identifies-someone", note="Please leave out the name of the office.",
    )
    page.goto("/my-story/")
    page.get_by_label("Your story key").fill(key)
    page.get_by_role("button", name="Open my story").click()
    expect(page.locator("[data-story-status]")).to_contain_text("asked you to change something")
    outcome = page.locator(".outcome")
    expect(outcome).to_contain_text("Identifies someone")
    expect(outcome).to_contain_text("Please leave out the name of the office.")
    browsing.axe(page, "story status (changes requested)")

    # Edit: the story goes back to the queue.
    page.get_by_role("textbox", name="Your story").fill(EDITED)
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".messages")).to_contain_text("Your changes are saved")
    expect(page.locator("[data-story-status]")).to_contain_text("Waiting for review")
    story.refresh_from_db()
    assert story.text == EDITED and story.status == "in_review"
    browsing.axe(page, "story status (edited)")

    # Withdraw: the text is erased and the key stops working.
    page.get_by_role("button", name="Withdraw my story…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Withdraw your story?")
    expect(page.get_by_text("This cannot be undone")).to_be_visible()
    story.refresh_from_db()
    assert story.status == "in_review", "nothing is withdrawn before the author confirms"
    page.get_by_role("button", name="Yes, withdraw and erase my story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your story is withdrawn")
    browsing.axe(page, "withdrawn")
    story.refresh_from_db()
    assert story.status == "withdrawn" and story.text == ""
    page.goto("/my-story/")
    page.get_by_label("Your story key").fill(key)
    page.get_by_role("button", name="Open my story").click()
    expect(page.get_by_text("We could not find a story for this key")).to_be_visible()

    browsing.assert_stayed_home()
