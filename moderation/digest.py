"""The daily e-mail to staff when the queue is deep."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.utils import timezone

from accounts.models import SignInAlert
from moderation.models import AuditEntry, Lane, Review
from stories.choices import Status


def queue_depth() -> int:
    return Review.objects.filter(story__status=Status.IN_REVIEW, lane=Lane.QUEUE).count()


def flag_floods_since(since) -> int:
    """How many hours since `since` saw a flood of flags (one audit row per hour at most)."""
    return AuditEntry.objects.filter(action="flag_flood", created_at__gte=since).count()


def send_queue_digest() -> int:
    """E-mail moderators once a day if the queue is deep, flags came in a flood or an account saw
    many failed sign-ins; return mails sent."""
    depth = queue_depth()
    day_ago = timezone.now() - datetime.timedelta(days=1)
    floods = flag_floods_since(day_ago)
    sign_in_alerts = list(SignInAlert.objects.since(day_ago).select_related("user"))
    if depth <= settings.MODERATION_DIGEST_THRESHOLD and not floods and not sign_in_alerts:
        return 0
    # Once per day even if beat or a retry runs the task twice.
    if not cache.add("queue-digest:" + timezone.now().date().isoformat(), "sent", 2 * 24 * 3600):
        return 0
    recipients = [
        user.email
        for user in get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
        if user.has_perm("accounts.moderate")
    ]
    subject = f"Chorus: {depth} stories are waiting for review"
    body = f"{depth} stories are waiting in the moderation queue. Thank you for your care.\n"
    if floods:
        body += (
            f"Flags arrived in a flood during {floods} hour(s) of the last day: flags did not hide stories then; "
            "the flagged stories wait at the top of the queue. See the audit log (flag_flood).\n"
        )
    if sign_in_alerts:
        # Which account, when and how often; never from where (Chorus does not know).
        body += "Many failed sign-ins (the account was slowed down, not locked):\n"
        body += "".join(
            f"- {alert.user.get_username()}: {alert.failures} failures from {alert.window_start:%Y-%m-%d %H:%M} UTC\n"
            for alert in sign_in_alerts
        )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
