"""Forget what Chorus no longer needs, on a schedule (the `maintenance.purge_expired` beat task).

- Withdrawn stories: their text is erased at once by stories.services.withdraw_story; this
  sweep only makes sure nothing was left behind.
- Rejected stories: text and shown name are erased RETENTION_REJECTED_DAYS after the rejection.
  The row stays (counts, audit, and the author's key still shows the decision and its reason).
- Unverified accounts are the accounts app's rule (accounts/retention.py), run by the same task.

The audit log is not touched: it records actions and reasons, never text.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stories.choices import Status
from stories.models import Story
from stories.signals import TEXT_PURGED, story_changed


def purge_expired_stories(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run the story retention rules once; return how many rows each one changed."""
    now = now or timezone.now()
    return {"withdrawn_stories": purge_withdrawn_text(), "rejected_stories": purge_rejected_text(now=now)}


def purge_withdrawn_text() -> int:
    """Erase anything a withdrawn story still holds (normally nothing)."""
    with transaction.atomic():
        return (
            Story.objects.filter(status=Status.WITHDRAWN)
            .exclude(text="", display_name="", key_hmac=None)
            .update(text="", display_name="", key_hmac=None)
        )


def purge_rejected_text(*, now: datetime.datetime) -> int:
    """Erase the text of stories rejected more than RETENTION_REJECTED_DAYS ago."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_REJECTED_DAYS)
    with transaction.atomic():
        # A rejected story cannot be edited, so its last change is the rejection.
        expired = list(
            Story.objects.select_for_update()
            .filter(status=Status.REJECTED, updated_at__lt=cutoff)
            .exclude(text="", display_name="")
        )
        for story in expired:
            story.text, story.display_name = "", ""
            story.save(update_fields=["text", "display_name"])
            story_changed.send(sender=Story, story=story, action=TEXT_PURGED)
        return len(expired)
