"""Read-side helpers for the moderation pages: lanes, ordering, highlights, metrics."""

import datetime
import statistics

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.models import Appeal, Decision, Lane, Review, Signal
from stories.choices import Status

SIGNAL_LABELS = {
    "phone": _("Phone number"),
    "email": _("E-mail address"),
    "handle": _("Social handle"),
    "url": _("Link"),
    "address": _("Street address"),
    "id_number": _("ID or case number"),
    "person_name": _("Possible name of a private person"),
    "crisis": _("Crisis language"),
    "abuse": _("Abuse aimed at survivors"),
    "spam": _("Spam"),
    "duplicate": _("Duplicate"),
    "flood": _("Flood"),
}

LANE_FILTERS = {
    Lane.QUEUE: Q(lane=Lane.QUEUE, story__status=Status.IN_REVIEW),
    Lane.SPAM: Q(lane=Lane.SPAM, story__status=Status.IN_REVIEW),
    Lane.FLAGGED: Q(lane=Lane.FLAGGED, story__status__in=[Status.PUBLISHED, Status.IN_REVIEW]),
}


def lane_counts() -> dict[str, int]:
    """Count each lane and the open appeals, in two queries."""
    aggregates = {lane: Count("id", filter=condition) for lane, condition in LANE_FILTERS.items()}
    # Decided stories (the great majority) are never read: the lane index skips them.
    counts = Review.objects.filter(lane__in=list(LANE_FILTERS)).aggregate(**aggregates)
    counts["appeals"] = Appeal.objects.pending().count()
    return counts


def lane_reviews(lane: str, *, priority: str = "", signal_type: str = "", language: str = "", campaign: str = ""):
    reviews = Review.objects.filter(LANE_FILTERS[lane]).select_related("story", "story__campaign", "claimed_by")
    if priority:
        reviews = reviews.filter(priority=priority)
    if language:
        reviews = reviews.filter(story__language=language)
    if campaign:
        reviews = reviews.filter(story__campaign__slug=campaign)
    if signal_type:
        reviews = reviews.filter(
            Exists(Signal.objects.filter(story=OuterRef("story"), version=OuterRef("story__version"), type=signal_type))
        )
    return reviews.order_by("priority", "entered_queue_at", "id")


def decisions_today(moderator) -> int:
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return Decision.objects.filter(moderator=moderator, created_at__gte=start).count()


def highlight_segments(text: str, signals) -> list[tuple[str, Signal | None]]:
    """Split text into plain and highlighted parts; overlapping signals keep the first."""
    segments, position = [], 0
    for signal in sorted(signals, key=lambda s: (s.start, -s.end)):
        if signal.type in ("duplicate", "flood") or signal.start < position or signal.end > len(text):
            continue
        if signal.start > position:
            segments.append((text[position:signal.start], None))
        segments.append((text[signal.start:signal.end], signal))
        position = signal.end
    if position < len(text):
        segments.append((text[position:], None))
    return segments


def time_to_first_decision(since: datetime.datetime) -> dict[str, float | None]:
    """Median and p90 minutes from submission to the first decision on stories decided since `since`."""
    rows = (
        Decision.objects.filter(created_at__gte=since)
        .order_by("story_id", "created_at")
        .values_list("story_id", "created_at", "story__created_at")
    )
    first: dict[int, float] = {}
    for story_id, decided, created in rows:
        first.setdefault(story_id, (decided - created).total_seconds() / 60)
    values = sorted(first.values())
    if not values:
        return {"median": None, "p90": None, "count": 0}
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return {"median": round(statistics.median(values), 1), "p90": round(p90, 1), "count": len(values)}


def metrics() -> dict:
    now = timezone.now()
    by_reason = (
        Decision.objects.standing().values("action", "reason_code").annotate(n=Count("id")).order_by("-n")
    )
    appeals = Appeal.objects.values("outcome").annotate(n=Count("id"))
    return {
        "lanes": lane_counts(),
        "day": time_to_first_decision(now - datetime.timedelta(days=1)),
        "week": time_to_first_decision(now - datetime.timedelta(days=7)),
        "by_reason": list(by_reason),
        "appeals": {row["outcome"] or "pending": row["n"] for row in appeals},
    }
