"""Moderation workflows: screening, decisions, appeals, flags. Each writes its audit row."""

from django.db import transaction

from stories.choices import Status
from stories.models import Story


def screen_story_by_id(*, story_id: int) -> bool:
    """Screen a received story and move it to review; return False if there was nothing to do."""
    with transaction.atomic():
        story = Story.objects.select_for_update().filter(pk=story_id, status=Status.RECEIVED).first()
        if story is None:
            return False
        story.status = Status.IN_REVIEW
        story.save(update_fields=["status", "updated_at"])
    return True
