"""Appeals, visitor flags and the append-only audit log."""

import pytest
from django.db import DatabaseError, connection, transaction

from moderation import services
from moderation.models import Appeal, AuditEntry, Flag, Lane, Review
from stories import counters
from stories.choices import Status
from stories.models import Story
from tests.moderation.helpers import held, moderator, screened_story


def rejected_story():
    submitted = screened_story()
    user = moderator()
    held(submitted.story, user)
    decision = services.decide(story_id=submitted.story.pk, moderator=user, version=submitted.story.version, action="reject", reason_code="other", note="Not this time.")
    submitted.story.refresh_from_db()
    return submitted, decision


def published_story():
    submitted = screened_story()
    user = moderator()
    held(submitted.story, user)
    services.decide(story_id=submitted.story.pk, moderator=user, version=submitted.story.version, action="approve")
    submitted.story.refresh_from_db()
    return submitted.story


# --- Appeals -------------------------------------------------------------------


def test_an_author_appeals_once_with_the_key(client, db):
    submitted, decision = rejected_story()
    response = client.post("/my-story/appeal/", {"key": submitted.key, "message": "It is my own story."})
    assert response.status_code == 200
    assert "Your appeal is sent" in response.content.decode()
    assert Appeal.objects.get().decision == decision
    again = client.post("/my-story/appeal/", {"key": submitted.key, "message": "Again."})
    assert again.status_code == 400
    assert Appeal.objects.count() == 1


def test_an_appeal_with_a_wrong_key_changes_nothing(client, db):
    rejected_story()
    response = client.post("/my-story/appeal/", {"key": "wrong key wrong key wrong key x", "message": "Hi"})
    assert response.status_code == 400
    assert Appeal.objects.count() == 0


def test_an_empty_appeal_is_refused(client, db):
    submitted, _ = rejected_story()
    response = client.post("/my-story/appeal/", {"key": submitted.key, "message": "  "})
    assert response.status_code == 400
    assert Appeal.objects.count() == 0


def test_an_approval_cannot_be_appealed(db):
    story = published_story()
    with pytest.raises(services.ModerationError, match="no decision on this story that can be appealed"):
        services.file_appeal(story=story, message="Why?")


def test_the_moderator_who_decided_cannot_review_the_appeal(db):
    submitted, decision = rejected_story()
    appeal = services.file_appeal(story=submitted.story, message="Please look again.")
    with pytest.raises(services.ModerationError, match="different moderator"):
        services.decide_appeal(appeal_id=appeal.pk, reviewer=decision.moderator, outcome="overturned")


def test_a_senior_overturns_and_the_story_is_reviewed_again(client, db):
    submitted, _decision = rejected_story()
    appeal = services.file_appeal(story=submitted.story, message="Please look again.")
    senior = moderator("senior moderator")
    services.decide_appeal(appeal_id=appeal.pk, reviewer=senior, outcome="overturned", note="You were right.")
    story = Story.objects.get(pk=submitted.story.pk)
    assert story.status == Status.IN_REVIEW
    review = Review.objects.get(story=story)
    assert review.claimed_by == senior and review.lane == Lane.QUEUE
    assert counters.find_drift() == {}
    with pytest.raises(services.ModerationError, match="already decided"):
        services.decide_appeal(appeal_id=appeal.pk, reviewer=senior, outcome="upheld")


def test_a_senior_upholds_and_the_author_sees_it(client, db):
    submitted, _ = rejected_story()
    appeal = services.file_appeal(story=submitted.story, message="Please look again.")
    services.decide_appeal(appeal_id=appeal.pk, reviewer=moderator("senior moderator"), outcome="upheld", note="The policy applies.")
    body = client.post("/my-story/", {"key": submitted.key}).content.decode()
    assert "Decision upheld" in body and "The policy applies." in body
    assert Story.objects.get(pk=submitted.story.pk).status == Status.REJECTED


# --- Flags -------------------------------------------------------------------------


def test_a_flag_reopens_the_story_with_raised_priority(client, db):
    story = published_story()
    response = client.post(f"/stories/{story.public_id}/flag/", {"reason": "identifies-me-or-someone"})
    assert response.status_code == 302
    review = Review.objects.get(story=story)
    assert review.lane == Lane.FLAGGED and review.priority == "P0" and review.flag_count == 1
    flag = Flag.objects.get()
    assert {f.name for f in Flag._meta.concrete_fields} == {"id", "story", "reason", "created_at", "resolved"}
    assert flag.reason == "identifies-me-or-someone"


def test_one_flag_per_browser_per_story(client, db):
    story = published_story()
    client.post(f"/stories/{story.public_id}/flag/", {"reason": "spam"})
    client.post(f"/stories/{story.public_id}/flag/", {"reason": "spam"})
    assert Flag.objects.count() == 1


def test_enough_flags_hide_the_story_until_reviewed(db, settings, time_machine):
    import datetime

    from django.test import Client
    from django.utils import timezone

    settings.MODERATION_FLAGS_TO_HIDE = 3
    story = published_story()
    campaign_totals = lambda: counters.totals_by_campaign()[story.campaign_id]  # noqa: E731
    before = campaign_totals()
    for n in range(3):  # three distinct flaggers, spread over an hour
        Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(f"/stories/{story.public_id}/flag/", {"reason": "harmful"})
        time_machine.move_to(timezone.now() + datetime.timedelta(minutes=30))
    story.refresh_from_db()
    assert story.is_hidden and not story.is_public
    # Hiding on flags never moves a published number until a moderator decides (issue 15, attack 1).
    assert campaign_totals() == before
    # A moderator approves it again: visible, flags resolved, counts back.
    user = moderator()
    held(story, user)
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    story.refresh_from_db()
    assert story.is_public and not Flag.objects.filter(resolved=False).exists()
    assert campaign_totals() == before


def test_a_flag_on_an_unpublished_story_is_refused(client, db):
    story = screened_story().story
    response = client.post(f"/stories/{story.public_id}/flag/", {"reason": "spam"})
    # Answered like an unknown id (tests/security/test_flag_does_not_confirm_ids.py).
    assert response.status_code == 404
    assert Flag.objects.count() == 0


def test_a_flag_with_a_forged_reason_is_refused(client, db):
    story = published_story()
    response = client.post(f"/stories/{story.public_id}/flag/", {"reason": "i-dont-like-it"})
    assert response.status_code == 400
    assert Flag.objects.count() == 0


def test_a_flag_on_an_unknown_story_is_404(client, db):
    assert client.post("/stories/nope/flag/", {"reason": "spam"}).status_code == 404


def test_flag_refuses_a_get(client, db):
    assert client.get("/stories/whatever/flag/").status_code == 405


# --- Audit ---------------------------------------------------------------------------


def test_every_action_is_audited_without_story_text(db):
    submitted, _ = rejected_story()
    actions = list(AuditEntry.objects.filter(story_public_id=submitted.story.public_id).values_list("action", flat=True))
    assert "screened" in actions and "decision:reject" in actions
    for entry in AuditEntry.objects.all():
        assert "happened at work" not in str(entry.detail)


def test_the_audit_log_refuses_updates_and_deletes_through_the_orm(db):
    entry = services.audit(actor=None, action="test")
    entry.action = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL (CI)")
def test_the_database_refuses_updates_and_deletes_of_the_audit_log(db):
    entry = services.audit(actor=None, action="test")
    for sql in ("UPDATE moderation_auditentry SET action = 'x' WHERE id = %s", "DELETE FROM moderation_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test"


def test_a_withdrawal_is_audited_as_a_fact_only(db):
    from stories import services as story_services

    submitted = screened_story("Something I no longer want here, with details.")
    story_services.withdraw_story(story=submitted.story)
    entry = AuditEntry.objects.get(action="author_withdrawn")
    assert entry.actor_name == "author" and entry.actor_id is None
    assert entry.story_public_id == submitted.story.public_id
    assert "details" not in str(entry.detail)


def test_withdrawing_erases_the_appeal_text_too(db):
    from stories import services as story_services

    submitted, _decision = rejected_story()
    appeal = services.file_appeal(story=submitted.story, message="The teacher was Mr X at my school.")
    story_services.withdraw_story(story=submitted.story)
    appeal.refresh_from_db()
    assert appeal.message == ""


def test_purging_a_rejected_story_erases_its_appeal_text(db, settings):
    import datetime

    from django.utils import timezone

    from accounts.retention import purge_expired

    submitted, _decision = rejected_story()
    appeal = services.file_appeal(story=submitted.story, message="It was at the bakery on Main Street.")
    purge_expired(now=timezone.now() + datetime.timedelta(days=settings.RETENTION_REJECTED_DAYS + 1))
    appeal.refresh_from_db()
    assert appeal.message == ""
    assert Story.objects.get(pk=submitted.story.pk).text == ""
    assert AuditEntry.objects.filter(action="text_purged", actor_name="system").count() == 1
