"""Visitors' flags on published stories, made so that they cannot be used as a weapon.

N flags means N distinct flaggers: each flagger is known only by the daily-salted
address HMAC (the one the rate limits use), and only in the cache, for two days,
never in a database row. A flag always lifts the story to the top of the
moderators' queue at once; it hides the story from the wall only when enough
distinct flaggers flagged it over a spread of time, and never while the site
sees a flood of flags — then staff are alerted instead.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.models import AuditEntry, Flag, Lane, Priority, Review
from moderation.services.audit import audit
from moderation.services.errors import ModerationError
from stories import services as story_services
from stories.choices import Status
from stories.models import Story

logger = logging.getLogger(__name__)

PRIORITY_ORDER = [p.value for p in Priority]
FLAGGER_MEMORY_SECONDS = 2 * 24 * 3600


def _first_flag_from(story: Story, flagger: str) -> bool:
    """Remember that this flagger flagged this story; False if they already had (or we cannot tell)."""
    if not flagger:
        return False
    try:
        return bool(cache.add(f"flagged-by:{story.pk}:{flagger}", 1, FLAGGER_MEMORY_SECONDS))
    except Exception:  # cache down: the flag still reaches moderators, but counts towards nothing
        logger.warning("flags: cache unavailable, a flag was not counted as distinct")
        return False


def flags_in_last_hour() -> int:
    return Flag.objects.filter(created_at__gte=timezone.now() - datetime.timedelta(hours=1)).count()


def flood_alert_keys(now) -> list[str]:
    """The cache keys that mark a flood of flags this hour and the last (the queue page reads them with the staff pass)."""
    return [f"flag-flood-alert:{(now - datetime.timedelta(hours=back)).strftime('%Y-%m-%dT%H')}" for back in (0, 1)]


def flag_flood_now() -> bool:
    """Whether flags arrived in a flood this hour or the last (read from the cache: the queue page asks every time)."""
    try:
        return bool(cache.get_many(flood_alert_keys(timezone.now())))
    except Exception:
        return AuditEntry.objects.filter(action="flag_flood", created_at__gte=timezone.now() - datetime.timedelta(hours=2)).exists()


def _alert_flag_flood(count: int) -> None:
    """Tell staff, once an hour, that flags are arriving in a flood (audit row, read by the digest)."""
    try:
        first = cache.add(flood_alert_keys(timezone.now())[0], 1, 3 * 3600)
    except Exception:
        first = True
    if first:
        audit(actor=None, action="flag_flood", detail={"flags_last_hour": count})


def flag_story(*, story: Story, reason: str, flagger: str) -> Flag | None:
    """Record a visitor's flag and lift the story to the top of the queue.

    Returns None when this flagger already flagged the story today (nothing
    changes). Hides the story only on flags from enough distinct flaggers spread
    over time, and never during a flood of flags.
    """
    if reason not in Flag.Reason.values:
        raise ModerationError(_("Choose why you are flagging this story."), code="bad_reason")
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Status.PUBLISHED:
            raise ModerationError(_("Only published stories can be flagged."), code="not_published")
        distinct = _first_flag_from(story, flagger)
        review, _created = Review.objects.select_for_update().get_or_create(story=story)
        if not distinct and Flag.objects.filter(story=story, resolved=False).exists():
            return None
        flag = Flag.objects.create(story=story, reason=reason)
        raised = Priority.P0 if reason == Flag.Reason.IDENTIFIES else Priority.P2
        review.priority = min(review.priority, raised, key=PRIORITY_ORDER.index)
        if review.lane != Lane.FLAGGED:
            review.lane = Lane.FLAGGED
        review.entered_queue_at = timezone.now()  # the top of the flagged lane, at once
        if distinct:
            review.flag_count += 1
        review.save()
        recent = flags_in_last_hour()
        flood = recent > settings.MODERATION_FLAG_FLOOD_PER_HOUR
        if flood:
            _alert_flag_flood(recent)
        hide = not flood and not story.is_hidden and _enough_to_hide(story, review)
        if hide:
            story_services.change_story_status(story=story, status=Status.PUBLISHED, hidden=True)
        audit(
            actor=None, action="flagged", story=story, reason_code=reason,
            detail={"hidden": hide, "flags": review.flag_count, "distinct": distinct, "flood": flood},
        )
    return flag


def _enough_to_hide(story: Story, review: Review) -> bool:
    if review.flag_count < settings.MODERATION_FLAGS_TO_HIDE:
        return False
    first = Flag.objects.filter(story=story, resolved=False).order_by("created_at").values_list("created_at", flat=True).first()
    spread = datetime.timedelta(minutes=settings.MODERATION_FLAGS_SPREAD_MINUTES)
    return first is not None and timezone.now() - first >= spread
