"""Forget accounts nobody can use, and run every retention rule (the daily `maintenance.purge_expired` task).

An account whose e-mail address was never verified, and which nobody has signed in to for
RETENTION_UNVERIFIED_ACCOUNT_DAYS, is deleted; if it keeps stories, only its unverified
addresses go. Staff accounts are never touched. The story rules live in stories/retention.py.
"""

import datetime
import logging

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.services import delete_account
from stories.retention import purge_expired_stories

logger = logging.getLogger(__name__)


def purge_expired(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every retention rule once; return how many rows each one changed."""
    now = now or timezone.now()
    counts = {**purge_expired_stories(now=now), **purge_unverified_accounts(now=now)}
    logger.info("retention: %s", ", ".join(f"{name}={count}" for name, count in counts.items()))
    return counts


def purge_unverified_accounts(*, now: datetime.datetime) -> dict[str, int]:
    """Delete accounts whose e-mail was never verified and that lie unused past the retention period."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    unverified = EmailAddress.objects.filter(verified=False).values("user_id")
    stale = (
        User.objects.filter(is_staff=False, is_superuser=False, date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .filter(pk__in=unverified)
        .exclude(pk__in=verified)
    )
    deleted = addresses_removed = 0
    for user in stale.filter(stories__isnull=True).distinct():
        delete_account(user=user, keep_stories=True)
        deleted += 1
    for user in stale.filter(stories__isnull=False).distinct():
        with transaction.atomic():
            addresses_removed += EmailAddress.objects.filter(user=user, verified=False).delete()[0]
            User.objects.filter(pk=user.pk).update(email="")
    return {"unverified_accounts": deleted, "unverified_addresses": addresses_removed}
