"""Claims, redaction and decisions: the rules and their effect on counts and the audit log."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from moderation import services
from moderation.models import AuditEntry, Decision, Lane, Review, Signal
from stories import counters
from stories import services as story_services
from stories.choices import Status
from stories.models import Story
from tests.factories import UserFactory
from tests.moderation.helpers import held, moderator, screened_story

PHONE_STORY = "My boss kept texting me. His number is +1 202-555-0147 and everyone knows it. I was 24."


def totals(story):
    return counters.totals_by_campaign().get(story.campaign_id, {})


def test_a_claim_is_exclusive(db):
    story = screened_story().story
    first, second = moderator(), moderator()
    services.claim_story(story=story, moderator=first)
    with pytest.raises(services.ModerationError, match=f"{first.username} is reviewing"):
        services.claim_story(story=story, moderator=second)


def test_an_expired_claim_can_be_taken(db, time_machine):
    story = screened_story().story
    first, second = moderator(), moderator()
    services.claim_story(story=story, moderator=first)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=11))
    assert services.claim_story(story=story, moderator=second).claimed_by == second


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent claims need PostgreSQL (CI)")
@pytest.mark.django_db(transaction=True)
def test_two_moderators_claiming_at_once_one_wins():
    from django.db import connections

    story = screened_story().story
    # Claims are decided by the service; the views check roles (tested in test_views.py).
    people = [UserFactory(is_staff=True), UserFactory(is_staff=True)]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(user):
        barrier.wait()
        try:
            services.claim_story(story=story, moderator=user)
            outcomes.append("won")
        except services.ModerationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "won"]


def test_approve_publishes_and_counts_a_voice(db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    before = totals(story)
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    story.refresh_from_db()
    after = totals(story)
    assert decision.action == Decision.Action.APPROVE
    assert story.status == Status.PUBLISHED and story.published_at
    assert after["stories_published"] == before["stories_published"] + 1
    assert after["stories_pending"] == before["stories_pending"] - 1
    assert after["voices"] == before["voices"] + 1
    assert story.review.lane == Lane.DONE and story.review.claimed_by is None
    assert AuditEntry.objects.filter(action="decision:approve", actor_name=user.username, story_public_id=story.public_id).exists()


def test_approval_is_blocked_until_personal_data_is_redacted(db):
    story = screened_story(PHONE_STORY).story
    user = moderator()
    held(story, user)
    with pytest.raises(services.ModerationError, match="Redact or dismiss"):
        services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW
    signal = Signal.objects.get(story=story, version=story.version, type="phone")
    services.redact_signal(story_id=story.pk, moderator=user, version=story.version, signal_id=signal.pk)
    story.refresh_from_db()
    assert "+1 202-555-0147" not in story.text
    assert "His number is [removed] and everyone knows it" in story.text
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    assert decision.action == Decision.Action.APPROVE_REDACTED
    assert decision.redactions == [{
        "kind": "phone", "at": signal.start, "before": "+1 202-555-0147", "after": "[removed]",
        "removed_chars": len("+1 202-555-0147"), "edited": False,
    }]


def test_redaction_shifts_the_signals_after_it(db):
    story = screened_story("Call +1 202-555-0147 or mail jo.doe@example.com please.").story
    user = moderator()
    held(story, user)
    phone = Signal.objects.get(story=story, version=story.version, type="phone")
    services.redact_signal(story_id=story.pk, moderator=user, version=story.version, signal_id=phone.pk)
    story.refresh_from_db()
    email = Signal.objects.get(story=story, version=story.version, type="email")
    assert story.text[email.start:email.end] == "jo.doe@example.com"


def test_a_dismissed_signal_no_longer_blocks(db):
    story = screened_story(PHONE_STORY).story
    user = moderator()
    held(story, user)
    signal = Signal.objects.get(story=story, version=story.version, type="phone")
    services.dismiss_signal(story_id=story.pk, moderator=user, version=story.version, signal_id=signal.pk)
    assert services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve").action == "approve"


def test_a_redaction_out_of_range_changes_nothing(db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    with pytest.raises(services.ModerationError, match="does not exist"):
        services.redact_span(story_id=story.pk, moderator=user, version=story.version, start=5, end=10_000)
    assert Story.objects.get(pk=story.pk).version == story.version


@pytest.mark.parametrize("action", ["reject", "request_changes"])
def test_non_approve_needs_a_reason(db, action):
    story = screened_story().story
    user = moderator()
    held(story, user)
    with pytest.raises(services.ModerationError, match="reason"):
        services.decide(story_id=story.pk, moderator=user, version=story.version, action=action)
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


def test_reject_takes_the_story_out_of_the_pending_count(db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    before = totals(story)
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="reject", reason_code="not-a-testimony", note="Please share your own experience.")
    story.refresh_from_db()
    assert story.status == Status.REJECTED
    after = totals(story)
    assert after["stories_pending"] == before["stories_pending"] - 1
    assert after["voices"] == before["voices"]


def test_request_changes_and_the_author_sees_the_note(client, db):
    submitted = screened_story()
    story, user = submitted.story, moderator()
    held(story, user)
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="request_changes", reason_code="identifies-someone", note="Please remove the shop's name.")
    body = client.post("/my-story/", {"key": submitted.key}).content.decode()
    assert "A moderator asked you to change something" in body
    assert "Identifies someone" in body and "Please remove the shop&#x27;s name." in body


def test_a_decision_on_a_story_someone_else_holds_is_refused(db):
    story = screened_story().story
    holder, other = moderator(), moderator()
    held(story, holder)
    with pytest.raises(services.ModerationError, match=f"{holder.username} is reviewing"):
        services.decide(story_id=story.pk, moderator=other, version=story.version, action="approve")


def test_a_decision_without_a_claim_is_refused(db):
    story = screened_story().story
    with pytest.raises(services.ModerationError, match="ran out"):
        services.decide(story_id=story.pk, moderator=moderator(), version=story.version, action="approve")


def test_a_decision_on_a_stale_version_is_refused(db):
    submitted = screened_story()
    story, user = submitted.story, moderator()
    held(story, user)
    opened_version = story.version
    story_services.edit_story(story=story, text="The author changed it meanwhile.", content_warning=False)
    services.screen_story_by_id(story_id=story.pk)
    Review.objects.filter(story=story).update(claimed_by=user, claimed_until=timezone.now() + datetime.timedelta(minutes=5))
    with pytest.raises(services.ModerationError, match="changed since you opened it"):
        services.decide(story_id=story.pk, moderator=user, version=opened_version, action="approve")
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW


def test_undo_within_five_minutes_restores_the_queue_and_counts(db, time_machine):
    story = screened_story().story
    user, senior = moderator(), moderator("senior moderator")
    held(story, user)
    before = totals(story)
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    services.undo_decision(decision_id=decision.pk, moderator=senior)
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW and story.review.lane == Lane.QUEUE
    assert totals(story) == before
    with pytest.raises(services.ModerationError, match="already undone"):
        services.undo_decision(decision_id=decision.pk, moderator=senior)


def test_undo_after_five_minutes_is_refused(db, time_machine):
    story = screened_story().story
    user = moderator()
    held(story, user)
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    with pytest.raises(services.ModerationError, match="within 5 minutes"):
        services.undo_decision(decision_id=decision.pk, moderator=user)


def test_bulk_reject_only_touches_the_spam_bin(db):
    spam = [screened_story(f"spam spam spam visit bit.ly/x{n} now now now!!!!!!!!!!!!").story for n in range(3)]
    normal = screened_story().story
    for story in spam:
        Review.objects.filter(story=story).update(lane=Lane.SPAM)
    count = services.bulk_reject(story_ids=[s.pk for s in spam] + [normal.pk], moderator=moderator())
    assert count == 3
    assert set(Story.objects.filter(pk__in=[s.pk for s in spam]).values_list("status", flat=True)) == {Status.REJECTED}
    assert Story.objects.get(pk=normal.pk).status == Status.IN_REVIEW


def test_restore_from_spam(db):
    story = screened_story().story
    Review.objects.filter(story=story).update(lane=Lane.SPAM)
    services.restore_from_spam(story_id=story.pk, moderator=moderator())
    assert Review.objects.get(story=story).lane == Lane.QUEUE
    with pytest.raises(services.ModerationError):
        services.restore_from_spam(story_id=story.pk, moderator=moderator())


def test_every_decision_path_keeps_counters_exact(db):
    paths = ["approve", "reject", "request_changes"]
    user = moderator()
    for action in paths:
        story = held(screened_story(f"A story for the {action} path, long enough to matter.").story, user)
        services.decide(story_id=story.pk, moderator=user, version=story.version, action=action, reason_code="other")
    assert counters.find_drift() == {}
