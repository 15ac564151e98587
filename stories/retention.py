"""Forget what Chorus no longer needs, on a schedule (the `maintenance.purge_expired` beat task).

- Withdrawn stories: their text is erased at once by stories.services.withdraw_story; this
  sweep only makes sure nothing was left behind.
- Rejected stories: text and shown name are erased RETENTION_REJECTED_DAYS after the rejection.
  The row stays (counts, audit, and the author's key still shows the decision and its reason).
- Unverified accounts: an account whose e-mail address was never verified, and which nobody has
  signed in to for RETENTION_UNVERIFIED_ACCOUNT_DAYS, is deleted; if it keeps stories, only its
  unverified addresses go. Staff accounts are never touched.

The audit log is not touched: it records actions and reasons, never text.
"""

import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from stories.choices import Status
from stories.models import Story

logger = logging.getLogger(__name__)


def purge_expired(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every retention rule once; return how many rows each one changed."""
    now = now or timezone.now()
    counts = {
        "withdrawn_stories": purge_withdrawn_text(),
        "rejected_stories": purge_rejected_text(now=now),
        **purge_unverified_accounts(now=now),
    }
    logger.info("retention: %s", ", ".join(f"{name}={count}" for name, count in counts.items()))
    return counts


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
    from stories.services import tell_moderation

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
            tell_moderation(story=story, action="text_purged")
        return len(expired)


def purge_unverified_accounts(*, now: datetime.datetime) -> dict[str, int]:
    """Delete accounts whose e-mail was never verified and that lie unused past the retention period."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    unverified = EmailAddress.objects.filter(verified=False).values("user_id")
    stale = (
        get_user_model().objects.filter(is_staff=False, is_superuser=False, date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .filter(pk__in=unverified)
        .exclude(pk__in=verified)
    )
    # accounts -> stories, never the reverse: the deletion service is named in settings.
    delete_account = import_string(settings.ACCOUNT_DELETION_SERVICE)
    deleted = addresses_removed = 0
    for user in stale.filter(stories__isnull=True).distinct():
        delete_account(user=user, keep_stories=True)
        deleted += 1
    for user in stale.filter(stories__isnull=False).distinct():
        with transaction.atomic():
            addresses_removed += EmailAddress.objects.filter(user=user, verified=False).delete()[0]
            type(user).objects.filter(pk=user.pk).update(email="")
    return {"unverified_accounts": deleted, "unverified_addresses": addresses_removed}
