"""Every decision is recorded the same way: flags resolved, redactions cleared, one audit row."""

from moderation import screening, services
from moderation.models import Appeal, AuditEntry, Decision, Flag, Lane, Review
from stories import services as story_services
from stories.choices import Status
from stories.models import Story
from tests.moderation.helpers import held, moderator, screened_story


def test_it_resolves_the_flags_of_a_bulk_rejected_story(db):
    story = screened_story().story
    Flag.objects.create(story=story, reason=Flag.Reason.SPAM)
    Review.objects.filter(story=story).update(lane=Lane.SPAM, flag_count=1, redactions=[{"at": 0, "removed_chars": 3}])
    assert services.bulk_reject(story_ids=[story.pk], moderator=moderator()) == 1
    assert not Flag.objects.filter(story=story, resolved=False).exists()
    review = Review.objects.get(story=story)
    assert review.flag_count == 0 and review.redactions == [] and review.lane == Lane.DONE
    assert AuditEntry.objects.filter(action="decision:reject", story_public_id=story.public_id).count() == 1


def test_it_resolves_flags_when_an_appeal_is_overturned(db):
    story = screened_story().story
    user, senior = moderator(), moderator("senior moderator")
    held(story, user)
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="reject", reason_code="other")
    appeal = services.file_appeal(story=story, message="Please look again.")
    Flag.objects.create(story=story, reason=Flag.Reason.OTHER)
    Review.objects.filter(story=story).update(flag_count=1, redactions=[{"at": 0, "removed_chars": 3}])
    services.decide_appeal(appeal_id=appeal.pk, reviewer=senior, outcome="overturned")
    review = Review.objects.get(story=story)
    assert not Flag.objects.filter(story=story, resolved=False).exists()
    assert review.redactions == [] and review.flag_count == 0 and review.claimed_by == senior
    assert Decision.objects.standing().filter(story=story).get() == decision
    assert Appeal.objects.pending().count() == 0


def test_standing_decisions_leave_out_undone_ones(db):
    story = screened_story().story
    user = moderator("senior moderator")
    held(story, user)
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    services.undo_decision(decision_id=decision.pk, moderator=user)
    assert not Decision.objects.standing().filter(story=story).exists()
    assert services.latest_decision(story) is None


def test_it_screens_without_holding_the_story_lock_and_stores_only_the_current_version(db, monkeypatch):
    submitted = story_services.submit_story(campaign=screened_story().story.campaign, text="It happened at work. I was 30.", anonymity="anonymous")
    story = Story.objects.get(pk=submitted.story.pk)
    if story.status != Status.RECEIVED:  # eager Celery screened it already
        Story.objects.filter(pk=story.pk).update(status=Status.RECEIVED)
    real_screen_text = screening.screen_text
    calls = []

    def screen_while_the_author_edits(text, **kwargs):
        calls.append(text)
        if len(calls) == 1:
            # The author edits while screening runs: this must not wait for a lock the screener holds.
            Story.objects.filter(pk=story.pk).update(text="It happened at work. I was 31.", version=story.version + 1)
        return real_screen_text(text, **kwargs)

    monkeypatch.setattr(screening, "screen_text", screen_while_the_author_edits)
    assert services.screen_story_by_id(story_id=story.pk) is True
    story.refresh_from_db()
    assert calls == ["It happened at work. I was 30.", "It happened at work. I was 31."]
    assert Review.objects.get(story=story).screened_version == story.version
