"""Moderators sign in with two factors, review the queue, redact, decide, and handle an appeal."""

import re
import time

import pytest
from playwright.sync_api import expect

from moderation import services as moderation
from moderation.models import Appeal
from stories.models import Story
from tests.factories import PASSWORD, StaffFactory, enrol_totp, totp_code
from tests.moderation.helpers import held, screened_story

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_STORY = "He kept calling me at night. His number is 020 7946 0958 and I still shake when it rings."
NOT_A_STORY = "Great deals on watches, this week only, ask me how."
APPEALED = "My manager at the shop touched me and laughed about it. I was 19."


def sign_in(page, user, *, secret=None):
    """Sign in through allauth's pages; with a secret, answer the two-factor step."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    if secret:
        expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
        page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
        page.get_by_role("main").get_by_role("button", name="Sign in").click()


def review_item(page, story):
    """The queue entry of one story."""
    return page.locator(f".queue-item[data-story='{story.public_id}']")


def test_it_lets_moderators_review_redact_decide_and_handle_appeals(browsing, settings):
    with_phone = screened_story(PHONE_STORY).story
    not_a_story = screened_story(NOT_A_STORY).story
    first = StaffFactory(role="moderator")
    second = StaffFactory(role="moderator")
    second_secret = enrol_totp(second)

    # A decision someone else made, appealed by its author.
    appealed = screened_story(APPEALED).story
    held(appealed, second)
    moderation.decide(story_id=appealed.pk, moderator=second, version=appealed.version, action="reject", reason_code="not-a-testimony")
    moderation.file_appeal(story=appealed, message="This is what happened to me. Please read it again.")

    # The first moderator signs in and has to set up an authenticator app before any queue.
    page = browsing.page(viewport="desktop")
    sign_in(page, first)
    # allauth asks for the password again before a second factor is set up.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    browsing.axe(page, "re-authentication before set-up")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    browsing.axe(page, "authenticator set-up")
    secret = page.get_by_label("Secret").input_value()
    page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up an authenticator app")
    browsing.axe(page, "after activation")

    # The queue: text blurred until opened.
    page.goto("/moderation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation")
    browsing.axe(page, "moderation queue")
    item = review_item(page, with_phone)
    blurred = item.locator(".queue-text")
    expect(blurred).to_be_visible()
    assert "blur" in blurred.evaluate("element => getComputedStyle(element).filter")

    # Claim, then the text stays folded until the moderator opens it; the phone number is marked.
    item.get_by_role("button", name="Open and review").click()
    expect(page).to_have_url(re.compile(f"/moderation/story/{with_phone.public_id}/$"))
    browsing.axe(page, "review page")
    phone = page.locator("details.reveal .signal-phone")
    expect(phone).to_be_hidden()
    page.get_by_text("Show the story text").click()
    expect(phone).to_be_visible()
    expect(phone).to_contain_text("020 7946 0958")
    browsing.axe(page, "review page, text shown")

    # Redact the phone number, then approve.
    page.locator("tr.signal-row[data-signal-type='phone']").get_by_role("button", name="Remove").click()
    expect(page.locator(".messages")).to_contain_text("Removed.")
    with_phone.refresh_from_db()
    assert "020 7946 0958" not in with_phone.text and "[removed]" in with_phone.text
    page.get_by_role("radio", name="Approve", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision saved")
    with_phone.refresh_from_db()
    assert with_phone.status == "published"

    # Reject another, with a reason from the policy.
    review_item(page, not_a_story).get_by_role("button", name="Open and review").click()
    page.get_by_role("radio", name="Reject").check()
    page.get_by_label("Reason").select_option(label="Not a testimony")
    page.get_by_label("Note to the author").fill("Chorus is for experiences of harassment and assault.")
    browsing.axe(page, "review page, decision filled in")

    # Meanwhile a second moderator cannot decide the story the first one holds.
    other = browsing.page(viewport="desktop")
    sign_in(other, second, secret=second_secret)
    other.goto(f"/moderation/story/{not_a_story.public_id}/")
    expect(other.get_by_text("is reviewing this story")).to_be_visible()
    expect(other.get_by_role("button", name="Save decision")).to_have_count(0)
    browsing.axe(other, "review page held by someone else")

    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision saved")
    not_a_story.refresh_from_db()
    assert not_a_story.status == "rejected"

    # A senior moderator handles the appeal; deciding it asks for the password again.
    senior = StaffFactory(role="senior moderator")
    senior_secret = enrol_totp(senior)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 2
    desk = browsing.page(viewport="desktop")
    sign_in(desk, senior, secret=senior_secret)
    signed_in_at = time.monotonic()
    desk.goto("/moderation/appeals/")
    browsing.axe(desk, "appeals")
    appeal = desk.locator("article.appeal").filter(has_text=appealed.public_id)
    appeal.get_by_text("Show the story text").click()
    expect(appeal).to_contain_text(APPEALED)
    appeal.get_by_role("radio", name="Overturn it and review the story again").check()
    time.sleep(max(0.0, 2.5 - (time.monotonic() - signed_in_at)))
    appeal.get_by_role("button", name="Decide the appeal").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    browsing.axe(desk, "re-authentication")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Confirm").click()
    expect(desk.locator(".messages")).to_contain_text("Appeal decided")
    assert Appeal.objects.get().outcome == "overturned"
    assert Story.objects.get(pk=appealed.pk).status == "in_review"

    browsing.assert_stayed_home()
