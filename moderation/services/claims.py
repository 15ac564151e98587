"""Claims: a moderator holds a story for a few minutes so two people never decide it at once."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.models import Priority, Review
from moderation.services.audit import audit
from moderation.services.errors import ModerationError
from stories.models import Story


def hold_length(priority: str) -> datetime.timedelta:
    """How long one hold lasts before it must be renewed; short for urgent stories."""
    minutes = settings.MODERATION_URGENT_CLAIM_MINUTES if priority == Priority.P0 else settings.MODERATION_CLAIM_MINUTES
    return datetime.timedelta(minutes=minutes)


def claim_story(*, story: Story, moderator) -> Review:
    """Hold a story for this moderator for a few minutes; refuse if someone else holds it.

    A single conditional UPDATE decides, so two moderators never both win.
    The page renews the hold while the moderator works on it (renew_claim).
    """
    now = timezone.now()
    priority = Review.objects.filter(story=story).values_list("priority", flat=True).first()
    won = (
        Review.objects.filter(story=story)
        .filter(Q(claimed_by__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=moderator))
        .update(claimed_by=moderator, claimed_until=now + hold_length(priority))
    )
    review = Review.objects.select_related("claimed_by").get(story=story)
    if not won:
        raise ModerationError(
            _("%(name)s is reviewing this story.") % {"name": review.claimed_by.get_username()}, code="claimed"
        )
    # One story at a time: opening another releases what this moderator held before.
    release_all_claims(moderator=moderator, except_story=story)
    audit(actor=moderator, action="claimed", story=story)
    return review


def release_all_claims(*, moderator, except_story: Story | None = None) -> int:
    """Release every hold of this moderator (on sign-out, or when they open another story)."""
    held = Review.objects.filter(claimed_by=moderator)
    if except_story is not None:
        held = held.exclude(story=except_story)
    return held.update(claimed_by=None, claimed_until=None)


def renew_claim(*, story: Story, moderator) -> Review | None:
    """Extend a hold this moderator still has; None if it ran out or was never theirs."""
    now = timezone.now()
    review = Review.objects.filter(story=story).only("priority").first()
    if review is None:
        return None
    renewed = Review.objects.filter(story=story, claimed_by=moderator, claimed_until__gt=now).update(
        claimed_until=now + hold_length(review.priority)
    )
    return Review.objects.get(story=story) if renewed else None


def release_claim(*, story: Story, moderator) -> None:
    if Review.objects.filter(story=story, claimed_by=moderator).update(claimed_by=None, claimed_until=None):
        audit(actor=moderator, action="released", story=story)


def locked_for_moderator(story_id: int, moderator, version: int) -> tuple[Story, Review]:
    """Lock a story and its review, and check this moderator may act on this version."""
    story = Story.objects.select_for_update().get(pk=story_id)
    review = Review.objects.select_for_update(of=("self",)).select_related("claimed_by").get(story=story)
    now = timezone.now()
    if review.is_claimed_by_other(moderator, now):
        raise ModerationError(
            _("%(name)s is reviewing this story; your action was not applied.") % {"name": review.claimed_by.get_username()},
            code="claimed",
        )
    if review.claimed_by_id != moderator.pk or not review.claimed_until or review.claimed_until <= now:
        raise ModerationError(_("Your hold on this story ran out. Open it again to continue."), code="not_claimed")
    if version != story.version:
        raise ModerationError(
            _("This story changed since you opened it. Please read the new version before deciding."), code="stale"
        )
    return story, review
