"""The moderation pages over HTTP: who may see them, and the review flow."""

import pytest

from moderation.models import Decision, Signal
from stories.choices import Status
from stories.models import Story
from tests.factories import StaffFactory, UserFactory
from tests.moderation.helpers import held, moderator, screened_story

PHONE_STORY = "He wrote to me every night. His number is +1 202-555-0147. I was 16."

GET_PAGES = ["/moderation/", "/moderation/story/{id}/"]
SENIOR_PAGES = ["/moderation/appeals/", "/moderation/audit/", "/moderation/metrics/"]
POST_ACTIONS = [
    "/moderation/story/{id}/claim/", "/moderation/story/{id}/release/", "/moderation/story/{id}/redact/",
    "/moderation/story/{id}/dismiss/", "/moderation/story/{id}/edit/", "/moderation/story/{id}/decide/",
    "/moderation/story/{id}/restore/", "/moderation/spam/reject/",
]


@pytest.fixture
def story(db):
    return screened_story(PHONE_STORY).story


def every_url(story):
    return [(url.format(id=story.public_id), "get") for url in GET_PAGES + SENIOR_PAGES] + [
        (url.format(id=story.public_id), "post") for url in POST_ACTIONS
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, story):
    for url, method in every_url(story):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_people_who_are_not_staff_are_refused(client, story):
    client.force_login(UserFactory())
    for url, method in every_url(story):
        assert getattr(client, method)(url).status_code == 403, url


def test_staff_without_two_factor_are_sent_to_enrol(client, story):
    client.force_login(StaffFactory(role="senior moderator"))
    for url, method in every_url(story):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/2fa/totp/activate/" in response["Location"], url
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


def test_moderators_cannot_open_senior_pages(client, story):
    client.force_login(moderator())
    for url in SENIOR_PAGES:
        assert client.get(url).status_code == 403, url


def test_seniors_can_open_senior_pages(client, story):
    client.force_login(moderator("senior moderator"))
    for url in SENIOR_PAGES:
        assert client.get(url).status_code == 200, url


def test_pages_refuse_the_wrong_method(client, story):
    client.force_login(moderator("senior moderator"))
    assert client.post("/moderation/").status_code == 405
    for url in POST_ACTIONS:
        assert client.get(url.format(id=story.public_id)).status_code == 405, url


def test_the_queue_lists_by_priority_with_blurred_text(client, story):
    plain = screened_story("Nothing identifying here, it happened at school when I was 15.").story
    client.force_login(moderator())
    response = client.get("/moderation/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(story.public_id) < body.index(plain.public_id), "P1 before P3"
    assert 'class="queue-text"' in body and "wellbeing-blur" in body and "wellbeing-greyscale" in body
    assert "no-store" in response["Cache-Control"]


def test_the_full_review_flow(client, story):
    user = moderator()
    client.force_login(user)
    response = client.post(f"/moderation/story/{story.public_id}/claim/")
    assert response.status_code == 302
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    assert 'class="signal signal-phone"' in page
    assert '<details class="reveal" id="story-reveal">' in page
    # Approval is blocked while the phone number is there.
    refused = client.post(f"/moderation/story/{story.public_id}/decide/", {"version": story.version, "action": "approve"}, follow=True)
    assert "Redact or dismiss" in refused.content.decode()
    signal = Signal.objects.get(story=story, type="phone", version=story.version)
    client.post(f"/moderation/story/{story.public_id}/redact/", {"version": story.version, "signal": signal.pk})
    story.refresh_from_db()
    assert "[removed]" in story.text
    done = client.post(f"/moderation/story/{story.public_id}/decide/", {"version": story.version, "action": "approve"})
    assert done.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert Decision.objects.get().action == "approve_redacted"


def test_a_second_moderator_sees_who_holds_the_story(client, story):
    holder = moderator()
    held(story, holder)
    client.force_login(moderator())
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    assert f"{holder.username} is reviewing this story" in page
    response = client.post(f"/moderation/story/{story.public_id}/decide/", {"version": story.version, "action": "reject", "reason_code": "spam"}, follow=True)
    assert f"{holder.username} is reviewing this story" in response.content.decode()
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "reject"}, "Choose a reason"),
        ({"action": "launch"}, "Select a valid choice"),
        ({"action": "approve", "version": "x"}, "This page is out of date"),
    ],
)
def test_bad_decisions_change_nothing(client, story, data, message):
    user = moderator()
    held(story, user)
    client.force_login(user)
    response = client.post(f"/moderation/story/{story.public_id}/decide/", {"version": story.version, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


def test_a_redaction_with_bad_input_changes_nothing(client, story):
    user = moderator()
    held(story, user)
    client.force_login(user)
    for data in ({"version": story.version, "start": 3, "end": 99999}, {"version": story.version, "signal": 999999}, {"junk": "1"}):
        client.post(f"/moderation/story/{story.public_id}/redact/", data)
    assert Story.objects.get(pk=story.pk).text == PHONE_STORY


def test_a_double_submitted_decision_is_saved_once(client, story):
    user = moderator()
    held(story, user)
    client.force_login(user)
    data = {"version": story.version, "action": "reject", "reason_code": "spam"}
    client.post(f"/moderation/story/{story.public_id}/decide/", data)
    second = client.post(f"/moderation/story/{story.public_id}/decide/", data, follow=True)
    assert Decision.objects.count() == 1
    assert "ran out" in second.content.decode() or "not waiting" in second.content.decode()


def test_an_unknown_story_is_404(client, db):
    client.force_login(moderator())
    assert client.get("/moderation/story/nope/").status_code == 404
