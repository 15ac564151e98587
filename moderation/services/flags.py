"""Visitors' flags on published stories."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.models import Flag, Lane, Priority, Review
from moderation.services.audit import audit
from moderation.services.errors import ModerationError
from stories import services as story_services
from stories.choices import Status
from stories.models import Story

PRIORITY_ORDER = [p.value for p in Priority]


def flag_story(*, story: Story, reason: str) -> Flag:
    """Record a visitor's flag: reopen the story with raised priority; hide it after enough flags."""
    if reason not in Flag.Reason.values:
        raise ModerationError(_("Choose why you are flagging this story."), code="bad_reason")
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Status.PUBLISHED:
            raise ModerationError(_("Only published stories can be flagged."), code="not_published")
        flag = Flag.objects.create(story=story, reason=reason)
        review, _created = Review.objects.select_for_update().get_or_create(story=story)
        raised = Priority.P1 if reason == Flag.Reason.IDENTIFIES else Priority.P2
        review.priority = min(review.priority, raised, key=PRIORITY_ORDER.index)
        if review.lane != Lane.FLAGGED:
            review.lane, review.entered_queue_at = Lane.FLAGGED, timezone.now()
        review.flag_count += 1
        review.save()
        hide = review.flag_count >= settings.MODERATION_FLAGS_TO_HIDE and not story.is_hidden
        if hide:
            story_services.change_story_status(story=story, status=Status.PUBLISHED, hidden=True)
        audit(actor=None, action="flagged", story=story, reason_code=reason, detail={"hidden": hide, "flags": review.flag_count})
    return flag
