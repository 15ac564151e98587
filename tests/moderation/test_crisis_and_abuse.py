"""Crisis is not personal data; abuse reaches moderators warned (issue 17.4, 17.5)."""

import pytest

from moderation import screening, services
from moderation.models import AuditEntry, Decision, ModeratorSettings, Priority, Review, Signal
from moderation.queue import lane_reviews
from stories import services as story_services
from stories.choices import Status
from tests.factories import metoo
from tests.moderation.helpers import held, moderator, screened_story

TEXT = "I was hurt at work. Some nights it is too much. I was 24."


def with_signal(story, kind, start, end):
    return Signal.objects.create(story=story, version=story.version, type=kind, start=start, end=end, confidence=0.9, reason=f"{kind} test", text_hash="x")


@pytest.fixture
def crisis_story(db):
    story = screened_story(TEXT).story
    Signal.objects.filter(story=story).delete()
    with_signal(story, "crisis", 20, 46)
    Review.objects.filter(story=story).update(crisis=True, priority=Priority.P0)
    return story


def test_a_crisis_signal_offers_no_remove_and_no_not_personal_data(client, crisis_story):
    user = moderator()
    held(crisis_story, user)
    client.force_login(user)
    page = client.get(f"/moderation/story/{crisis_story.public_id}/").content.decode()
    assert "Crisis language: follow the crisis procedure" in page
    assert ">Remove<" not in page and "Not personal data" not in page
    assert "Escalate to a senior moderator" in page and "Publish behind a content warning" in page
    signal = Signal.objects.get(story=crisis_story, type="crisis")
    for action in ("redact", "dismiss"):
        client.post(f"/moderation/story/{crisis_story.public_id}/{action}/", {"version": crisis_story.version, "signal": signal.pk})
    crisis_story.refresh_from_db()
    assert crisis_story.text == TEXT
    assert Signal.objects.get(pk=signal.pk).resolution == ""


def test_the_crisis_buttons_escalate_or_decide(client, crisis_story):
    user = moderator()
    held(crisis_story, user)
    client.force_login(user)
    client.post(f"/moderation/story/{crisis_story.public_id}/escalate/")
    review = Review.objects.get(story=crisis_story)
    assert review.escalated and review.priority == Priority.P0 and review.claimed_by is None
    assert AuditEntry.objects.filter(action="escalated").exists()
    senior = moderator("senior moderator")
    held(crisis_story, senior)
    client.force_login(senior)
    client.post(f"/moderation/story/{crisis_story.public_id}/decide/", {"version": crisis_story.version, "crisis": "publish"})
    crisis_story.refresh_from_db()
    assert crisis_story.status == Status.PUBLISHED and crisis_story.content_warning
    assert Decision.objects.get(story=crisis_story).action == Decision.Action.APPROVE


def test_abuse_gets_its_own_priority_after_the_testimonies(db, monkeypatch):
    abusive = screening.ScreeningResult(
        signals=(screening.Signal("abuse", 0, 5, 0.8, "hostility aimed at survivors [en]"),),
        priority="P3", lane="queue", language="en", language_confidence=0.9, crisis=False,
    )
    monkeypatch.setattr(screening, "screen_text", lambda text, **kwargs: abusive)
    story = story_services.submit_story(campaign=metoo(), text="Liar. Nobody believes you.", anonymity="anonymous").story
    services.screen_story_by_id(story_id=story.pk)
    review = Review.objects.get(story=story)
    assert review.priority == Priority.ABUSE
    monkeypatch.undo()
    testimony = screened_story("It happened at school. I was 15.").story
    order = [r.story_id for r in lane_reviews("queue")]
    assert order.index(testimony.pk) < order.index(story.pk)


def test_abuse_is_badged_and_blurred_until_the_moderator_chooses_to_read_it(client, db):
    story = screened_story("You are such a liar, nobody believes you.").story
    Review.objects.filter(story=story).update(priority=Priority.ABUSE)
    user = moderator()
    client.force_login(user)
    ModeratorSettings.objects.create(user=user, blur=False, greyscale=False)
    queue_page = client.get("/moderation/").content.decode()
    assert "abuse aimed at survivors" in queue_page
    assert 'class="queue-text abuse-text"' in queue_page  # blurred even with blur turned off
    held(story, user)
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    assert '<details class="reveal reveal-abuse" id="story-reveal">' in page  # closed until chosen
    assert "Read the text (abuse aimed at survivors)" in page
