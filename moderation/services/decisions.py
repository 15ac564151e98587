"""Decisions on stories: one moderator's, many at once from a bin, and undoing one.

Every decision goes through record_decision(), so each one resolves the story's
flags, closes its review and writes its audit row the same way.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.changes import is_real_change
from moderation.models import Decision, Flag, Lane, Priority, Review, Signal
from moderation.reasons import REASONS
from moderation.services.audit import audit
from moderation.services.claims import locked_for_moderator
from moderation.services.errors import ModerationError
from moderation.services.redaction import open_personal_data
from stories import services as story_services
from stories.choices import Status
from stories.models import Story

STATUS_AFTER = {
    Decision.Action.APPROVE: Status.PUBLISHED,
    Decision.Action.APPROVE_REDACTED: Status.PUBLISHED,
    Decision.Action.REQUEST_CHANGES: Status.CHANGES_REQUESTED,
    Decision.Action.REJECT: Status.REJECTED,
}


def reset_review(review: Review, *, lane: str, claimed_by=None, claimed_until=None, priority: str | None = None) -> None:
    """Put a review in its next lane with the story's flags resolved and no pending redactions."""
    Flag.objects.filter(story_id=review.story_id, resolved=False).update(resolved=True)
    review.lane, review.claimed_by, review.claimed_until = lane, claimed_by, claimed_until
    if priority is not None:
        review.priority = priority
    review.redactions, review.flag_count, review.escalated = [], 0, False
    review.save()


def record_decision(*, story: Story, review: Review, moderator, action: str, reason_code: str = "", note: str = "", detail: dict | None = None) -> Decision:
    """Record one decision on a locked story: its new status, the Decision row, the review closed, the audit row."""
    story_services.change_story_status(story=story, status=STATUS_AFTER[action], hidden=False)
    decision = Decision.objects.create(
        story=story, version=story.version, moderator=moderator, action=action,
        reason_code="" if action == Decision.Action.APPROVE else reason_code,
        note=note.strip(), redactions=review.redactions,
    )
    reset_review(review, lane=Lane.DONE)
    audit(actor=moderator, action=f"decision:{action}", story=story, reason_code=decision.reason_code, detail=detail)
    return decision


def decide(*, story_id: int, moderator, version: int, action: str, reason_code: str = "", note: str = "", content_warning: bool | None = None) -> Decision:
    """Approve, request changes or reject a story the moderator holds."""
    if action not in Decision.Action.values:
        raise ModerationError(_("Choose a decision."), code="bad_action")
    if action != Decision.Action.APPROVE and reason_code not in REASONS:
        raise ModerationError(_("Choose a reason from the policy for this decision."), code="reason_required")
    with transaction.atomic():
        story, review = locked_for_moderator(story_id, moderator, version)
        if story.status not in (Status.IN_REVIEW, Status.PUBLISHED):
            raise ModerationError(_("This story is not waiting for a decision."), code="not_pending")
        if action in (Decision.Action.APPROVE, Decision.Action.APPROVE_REDACTED):
            if open_personal_data(story):
                raise ModerationError(
                    _("Redact or dismiss each highlighted piece of personal data before approving."), code="unredacted"
                )
            # "With redactions" only when the text really changed: a plain approve is recorded as one.
            changed = any(is_real_change(change) for change in review.redactions)
            action = Decision.Action.APPROVE_REDACTED if changed else Decision.Action.APPROVE
            if content_warning is not None and content_warning != story.content_warning:
                story_services.set_content_warning(story=story, on=content_warning)
        return record_decision(story=story, review=review, moderator=moderator, action=action, reason_code=reason_code, note=note)


def escalate_story(*, story_id: int, moderator) -> Review:
    """Hand a story to the senior moderators: top priority, flagged as escalated, the hold released."""
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story_id)
        review = Review.objects.select_for_update().get(story=story)
        if review.lane == Lane.DONE:
            raise ModerationError(_("This story is not waiting for a decision."), code="not_pending")
        review.priority, review.escalated = Priority.P0, True
        review.claimed_by, review.claimed_until = None, None
        review.save(update_fields=["priority", "escalated", "claimed_by", "claimed_until"])
        audit(actor=moderator, action="escalated", story=story)
    return review


def undo_decision(*, decision_id: int, moderator) -> Story:
    """Take back a decision within the undo window; the story waits for a decision again."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).select_related("story").get(pk=decision_id)
        if decision.undone_at:
            raise ModerationError(_("This decision was already undone."), code="already_undone")
        window = datetime.timedelta(minutes=settings.MODERATION_UNDO_MINUTES)
        if timezone.now() - decision.created_at > window:
            raise ModerationError(_("Decisions can only be undone within %(minutes)s minutes.") % {"minutes": settings.MODERATION_UNDO_MINUTES}, code="too_late")
        story = Story.objects.select_for_update().get(pk=decision.story_id)
        if story.version != decision.version or story.status == Status.WITHDRAWN:
            raise ModerationError(_("The story changed after this decision; it cannot be undone."), code="stale")
        if Decision.objects.standing().filter(story=story, created_at__gt=decision.created_at).exists():
            raise ModerationError(_("A later decision was made on this story."), code="superseded")
        decision.undone_at = timezone.now()
        decision.save(update_fields=["undone_at"])
        story_services.change_story_status(story=story, status=Status.IN_REVIEW, hidden=False)
        Review.objects.filter(story=story).update(lane=Lane.QUEUE, claimed_by=None, claimed_until=None, redactions=decision.redactions)
        audit(actor=moderator, action="decision_undone", story=story, detail={"decision": decision.pk})
    return story


def bulk_reject(*, story_ids: list[int], moderator, reason_code: str = "spam") -> int:
    """Reject many stories from the spam bin at once, each recorded as its own decision."""
    if reason_code not in REASONS:
        raise ModerationError(_("Choose a reason from the policy for this decision."), code="reason_required")
    rejected = 0
    with transaction.atomic():
        stories = Story.objects.select_for_update().filter(
            pk__in=story_ids, status=Status.IN_REVIEW, review__lane=Lane.SPAM
        )
        for story in stories:
            review = Review.objects.select_for_update().get(story=story)
            record_decision(
                story=story, review=review, moderator=moderator, action=Decision.Action.REJECT,
                reason_code=reason_code, detail={"bulk": True},
            )
            rejected += 1
    return rejected


def restore_from_spam(*, story_id: int, moderator) -> None:
    with transaction.atomic():
        updated = Review.objects.filter(story_id=story_id, lane=Lane.SPAM).update(lane=Lane.QUEUE)
        if not updated:
            raise ModerationError(_("That story is not in the spam bin."), code="not_spam")
        audit(actor=moderator, action="restored_from_spam", story=Story.objects.get(pk=story_id))


def bulk_restore(*, story_ids: list[int], moderator) -> int:
    """Move many stories from the spam bin back to the queue, each with its audit row."""
    with transaction.atomic():
        stories = list(Story.objects.filter(pk__in=story_ids, review__lane=Lane.SPAM))
        Review.objects.filter(story__in=stories, lane=Lane.SPAM).update(lane=Lane.QUEUE)
        for story in stories:
            audit(actor=moderator, action="restored_from_spam", story=story, detail={"bulk": True})
    return len(stories)


def batch_approvable(story: Story, review: Review, moderator) -> bool:
    """Whether a story may be approved from the batch view: short, in the queue, no signal, not held by another."""
    return (
        story.status == Status.IN_REVIEW
        and review.lane == Lane.QUEUE
        and len(story.text) <= settings.MODERATION_BATCH_MAX_CHARS
        and not review.crisis
        and not review.is_claimed_by_other(moderator)
        and not Signal.objects.filter(story=story, version=story.version).exists()
    )


def approve_batch(*, read: dict[int, int], moderator) -> int:
    """Approve short signal-free stories one moderator read together, each recorded as its own decision.

    `read` maps story id to the version the moderator read; a story that changed,
    gained a signal or was taken by someone else meanwhile is left in the queue.
    """
    approved = 0
    with transaction.atomic():
        for story in Story.objects.select_for_update().filter(pk__in=list(read)).order_by("pk"):
            review = Review.objects.select_for_update().get(story=story)
            if story.version != read[story.pk] or not batch_approvable(story, review, moderator):
                continue
            record_decision(story=story, review=review, moderator=moderator, action=Decision.Action.APPROVE, detail={"batch": True})
            approved += 1
    return approved
