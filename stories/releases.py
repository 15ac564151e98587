"""Publish the breakdowns and the hourly voices as releases, so that no single change shows.

The threat (docs/threat-model.md, attack 1): read the breakdowns, cause or
wait for one change (a story hidden, a story approved), read again: the
difference is that one story's answers and hour. So what the wall and the
open data show of a campaign's context answers and of its voices per hour
comes from the campaign's *release*, a copy of those counters taken when
at least K_ANONYMITY_THRESHOLD voices were added or taken away since the
previous release. A difference between two releases is the sum of at least
k voices' answers.

The copy is taken by the write that brings the k-th change (and comes at
least RELEASE_MIN_SECONDS after the previous release, so that neither
differences nor the work of copying come more often), inside that write's
transaction (a tap, which is one statement of its own, just after it
commits), under a lock on the campaign's release row, so any number of
processes agree on one release and a restart loses nothing (whether a
release is due is always read from the committed counters). The
live counters stay exact (reconcile compares them with the rows); only
what is published waits. Hiding a story on flags changes no counter at all
(stories.counters.story_category), so it can never cause a release.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from stories import counters
from stories.models import EPOCH, AggregateRelease, CounterShard, ReleasedCount

# Voices per hour, per context answer, and the stories awaiting review (whose +1 would date a submission).
RELEASED = Q(name="voices") & ~Q(bucket=EPOCH) | Q(name__startswith="ctx:") | Q(name="stories_pending", bucket=EPOCH)


# campaign id -> the newest release time this process has seen. Releases only move forward, so
# while the newest one seen is younger than RELEASE_MIN_SECONDS no release can be due, and a
# tap or a story skips the two queries that would say so (the tap's hot path, bench/NOTES.md).
_seen_release_at: dict[int, datetime.datetime] = {}


def forget_seen_releases() -> None:
    """Forget the release times this process saw (tests roll releases back)."""
    _seen_release_at.clear()


def release_if_due(campaign_id: int) -> bool:
    """Release a campaign's figures if k voice changes came since the last release; return whether it did.

    Called by the counters inside the transaction that changed them (after a tap's own statement).
    """
    spacing = datetime.timedelta(seconds=settings.RELEASE_MIN_SECONDS)
    seen = _seen_release_at.get(campaign_id)
    if seen is not None and timezone.now() - seen < spacing:
        return False
    k = settings.K_ANONYMITY_THRESHOLD
    last = AggregateRelease.objects.filter(campaign_id=campaign_id).values_list("changes", "released_at").first()
    if last and last[1]:
        _seen_release_at[campaign_id] = last[1]
    if not _due(last, counters.changes_by_campaign(campaign_id), k=k):
        return False
    with transaction.atomic():
        AggregateRelease.objects.bulk_create([AggregateRelease(campaign_id=campaign_id)], ignore_conflicts=True)
        # skip_locked: never wait for the lock while holding counter rows (a transaction that
        # changes many stories holds it to its commit); a later write releases instead.
        release = AggregateRelease.objects.select_for_update(skip_locked=True).filter(campaign_id=campaign_id).first()
        if release is None:
            return False  # another writer is releasing right now
        changes = counters.changes_by_campaign(campaign_id)  # again, under the lock
        if not _due((release.changes, release.released_at), changes, k=k):
            return False  # another writer released meanwhile
        _copy_counters(campaign_id, release, changes)
    _seen_release_at[campaign_id] = timezone.now()
    return True


def _due(last: tuple[int, datetime.datetime | None] | None, changes: int, *, k: int) -> bool:
    released_changes, released_at = last or (0, None)
    if changes - released_changes < k:
        return False
    spacing = datetime.timedelta(seconds=settings.RELEASE_MIN_SECONDS)
    return released_at is None or timezone.now() - released_at >= spacing


def release_now(campaign_id: int) -> None:
    """Release a campaign's figures whatever changed (for operators and tests, never per request)."""
    with transaction.atomic():
        AggregateRelease.objects.bulk_create([AggregateRelease(campaign_id=campaign_id)], ignore_conflicts=True)
        release = AggregateRelease.objects.select_for_update().get(campaign_id=campaign_id)
        _copy_counters(campaign_id, release, counters.changes_by_campaign(campaign_id))


def _copy_counters(campaign_id: int, release: AggregateRelease, changes: int) -> None:
    rows = (
        CounterShard.objects.filter(RELEASED, campaign_id=campaign_id)
        .values_list("name", "bucket")
        .annotate(total=Sum("value"))
    )
    copies = [ReleasedCount(campaign_id=campaign_id, name=name, bucket=bucket, value=total) for name, bucket, total in rows if total]
    ReleasedCount.objects.filter(campaign_id=campaign_id).delete()
    ReleasedCount.objects.bulk_create(copies)
    release.changes = changes
    release.voices = sum(copy.value for copy in copies if copy.name == "voices" and copy.bucket != EPOCH)
    release.released_at = timezone.now()
    release.save(update_fields=["changes", "voices", "released_at"])


# --- Reading ---------------------------------------------------------------------


def released_voices(using: str) -> dict[int, int]:
    """Return {campaign id: voices its release covers}."""
    return dict(AggregateRelease.objects.using(using).values_list("campaign_id", "voices"))


def released_breakdowns(using: str) -> tuple[dict[int, dict[str, dict[str, int]]], dict[int, int]]:
    """Return (released voice counts per campaign, context field and value; released stories awaiting review), one query."""
    breakdowns: dict[int, dict[str, dict[str, int]]] = {}
    pending: dict[int, int] = {}
    rows = ReleasedCount.objects.using(using).filter(Q(name__startswith="ctx:") | Q(name="stories_pending"), bucket=EPOCH)
    for campaign_id, name, value in rows.values_list("campaign_id", "name", "value"):
        if name == "stories_pending":
            pending[campaign_id] = value
            continue
        _, field, choice = name.split(":", 2)
        fields = breakdowns.setdefault(campaign_id, {f: {} for f in counters.CONTEXT_FIELD_NAMES})
        fields.setdefault(field, {})[choice] = value
    return breakdowns, pending


def released_hours(using: str) -> dict[int, dict]:
    """Return {campaign id: {hour: voices}} as released, one query."""
    result: dict[int, dict] = {}
    rows = ReleasedCount.objects.using(using).filter(name="voices").exclude(bucket=EPOCH).order_by("bucket")
    for campaign_id, bucket, value in rows.values_list("campaign_id", "bucket", "value"):
        result.setdefault(campaign_id, {})[bucket] = value
    return result
