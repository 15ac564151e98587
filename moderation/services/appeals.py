"""Appeals: an author asks once for a decision to be looked at again; a different senior decides."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.models import Appeal, Decision, Lane, Priority, Review
from moderation.services.audit import audit
from moderation.services.decisions import reset_review
from moderation.services.errors import ModerationError
from stories import services as story_services
from stories.choices import Status
from stories.models import Story


def latest_decision(story: Story) -> Decision | None:
    return Decision.objects.standing().filter(story=story).latest_first().first()


def file_appeal(*, story: Story, message: str) -> Appeal:
    """Let the author appeal the latest decision on their story, once."""
    message = message.strip()
    if not message:
        raise ModerationError(_("Please tell us why you disagree."), code="empty")
    if len(message) > 2000:
        raise ModerationError(_("Please keep your appeal under 2,000 characters."), code="too_long")
    with transaction.atomic():
        decision = latest_decision(story)
        if decision is None or not decision.is_appealable or decision.version != story.version:
            raise ModerationError(_("There is no decision on this story that can be appealed."), code="not_appealable")
        if Appeal.objects.filter(decision=decision).exists():
            raise ModerationError(_("You already appealed this decision. A senior moderator will review it."), code="already_appealed")
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=decision, message=message)
        except IntegrityError:
            raise ModerationError(_("You already appealed this decision. A senior moderator will review it."), code="already_appealed") from None
        audit(actor="author", action="appeal_filed", story=story, reason_code=decision.reason_code)
    return appeal


def decide_appeal(*, appeal_id: int, reviewer, outcome: str, note: str = "") -> Appeal:
    """A senior moderator who did not make the decision upholds or overturns it."""
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.OVERTURNED):
        raise ModerationError(_("Choose whether to uphold or overturn the decision."), code="bad_outcome")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision").get(pk=appeal_id)
        if appeal.outcome:
            raise ModerationError(_("This appeal was already decided."), code="already_decided")
        if appeal.decision.moderator_id == reviewer.pk:
            raise ModerationError(_("A different moderator must review an appeal of your own decision."), code="own_decision")
        story = Story.objects.select_for_update().get(pk=appeal.decision.story_id)
        appeal.outcome, appeal.reviewer, appeal.note, appeal.reviewed_at = outcome, reviewer, note.strip(), timezone.now()
        appeal.save()
        if outcome == Appeal.Outcome.OVERTURNED and story.status != Status.WITHDRAWN:
            # The story gets a fresh decision, held by the senior who overturned.
            story_services.change_story_status(story=story, status=Status.IN_REVIEW, hidden=False)
            review = Review.objects.select_for_update().get(story=story)
            reset_review(
                review, lane=Lane.QUEUE, priority=Priority.P1, claimed_by=reviewer,
                claimed_until=timezone.now() + datetime.timedelta(minutes=settings.MODERATION_CLAIM_MINUTES),
            )
        audit(actor=reviewer, action=f"appeal_{outcome}", story=story, reason_code=appeal.decision.reason_code)
    return appeal
