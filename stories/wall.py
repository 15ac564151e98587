"""What the public wall shows, read from the counters (no COUNT(*) per request).

The numbers are computed in a few grouped queries over counter rows, then
kept in the cache for WALL_CACHE_SECONDS, so a burst of readers costs the
database one computation per window. If the cache is down, each request
computes them itself: slower, never broken.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories import counters
from stories.choices import CONTEXT_FIELDS
from stories.models import Campaign, Story
from stories.suppression import ALL, NOT_GIVEN, PRIMARY, suppressed_breakdowns

logger = logging.getLogger(__name__)

HOUR = "hour"
DAY = "day"
BUCKETS = (HOUR, DAY)
# A campaign's first days are charted per hour, later ones per day.
HOURLY_FOR = datetime.timedelta(hours=72)
CHART_HOURS = 72
COUNT_NAMES = ("voices", "taps", "stories_published", "stories_pending")
ZERO_COUNTS = dict.fromkeys(COUNT_NAMES, 0)
CACHE_VERSION = "v1"


def wall_db() -> str:
    """Return the database alias the wall reads from: the replica when there is one.

    Inside a transaction on the primary (a write in progress) reads stay on
    the primary, so they see that transaction's own changes.
    """
    if "replica" not in connections.settings:
        return "default"
    if any(not block._from_testcase for block in connections["default"].atomic_blocks):
        return "default"
    return "replica"


def _cached(key: str, compute):
    """Return compute() through the cache; a cache that is down is skipped, not fatal."""
    key = f"wall:{CACHE_VERSION}:{key}"
    try:
        value = cache.get(key)
    except Exception as error:
        logger.warning("wall cache unavailable (%s); reading counters directly", type(error).__name__)
        return compute()
    if value is not None:
        return value
    value = compute()
    try:
        cache.set(key, value, settings.WALL_CACHE_SECONDS)
    except Exception as error:
        logger.warning("wall cache unavailable (%s); not caching", type(error).__name__)
    return value


# --- The snapshot: every number of the wall, in four queries ----------------------


def snapshot() -> dict:
    """Return the wall's numbers (cached for WALL_CACHE_SECONDS)."""
    return _cached("snapshot", compute_snapshot)


def compute_snapshot() -> dict:
    using = wall_db()
    now = timezone.now()
    rising_since = counters.truncate_to_hour(now - datetime.timedelta(hours=1))
    campaigns = list(Campaign.objects.using(using).all())
    totals = counters.totals_by_campaign(using=using)
    raw_breakdowns = counters.breakdowns_by_campaign(using=using)
    recent = counters.voices_since(rising_since, using=using)
    counts = {campaign.pk: {**ZERO_COUNTS, **totals.get(campaign.pk, {})} for campaign in campaigns}
    total = {name: sum(c[name] for c in counts.values()) for name in COUNT_NAMES}
    k = settings.K_ANONYMITY_THRESHOLD
    breakdowns = suppressed_breakdowns(
        raw_breakdowns,
        {campaign_id: c["voices"] for campaign_id, c in counts.items()},
        choices={field: list(choices.values) for field, (choices, _label) in CONTEXT_FIELDS.items()},
        k=k,
    )
    return {
        "generated_at": now,
        "k": k,
        "campaigns": campaigns,
        "counts": counts,
        "total": total,
        "breakdowns": breakdowns,
        "recent": {campaign.pk: recent.get(campaign.pk, 0) for campaign in campaigns},
        "rising_since": rising_since,
    }


def find_campaign(data: dict, slug: str) -> Campaign | None:
    return next((campaign for campaign in data["campaigns"] if campaign.slug == slug), None)


def campaign_by_slug(slug: str) -> Campaign | None:
    """Return the campaign for a post: from the snapshot (no query), else from the database.

    The snapshot is at most WALL_CACHE_SECONDS old, so closing a campaign takes effect for
    posts within that time; a campaign newer than the snapshot is found in the database.
    """
    campaign = find_campaign(snapshot(), slug)
    if campaign is None:
        campaign = Campaign.objects.filter(slug=slug).first()
    return campaign


def rising(data: dict, limit: int = 5) -> list[dict]:
    """Return campaigns ordered by voices since the start of the previous hour."""
    rows = [
        {"campaign": campaign, "recent": data["recent"][campaign.pk]}
        for campaign in data["campaigns"]
        if data["recent"][campaign.pk]
    ]
    rows.sort(key=lambda row: (-row["recent"], row["campaign"].slug))
    return rows[:limit]


# --- Breakdowns for people ---------------------------------------------------------


def breakdown_figures(data: dict, campaign_id: int | str = ALL) -> list[dict]:
    """Return each context field's cells, labelled, with bar widths, for the templates."""
    k = data["k"]
    figures = []
    for field, (choices, label) in CONTEXT_FIELDS.items():
        cells = data["breakdowns"][campaign_id][field]
        labels = {**dict(choices.choices), NOT_GIVEN: _("Not given")}
        largest = max((count for count, _hidden in cells.values() if count), default=0)
        rows = []
        for value, (count, hidden) in cells.items():
            rows.append(
                {
                    "value": value,
                    "label": labels[value],
                    "count": count,
                    "hidden": hidden,
                    "fewer_than_k": hidden == PRIMARY,
                    "bar": round(100 * count / largest, 1) if count and largest else 0,
                }
            )
        figures.append({"field": field, "label": label, "rows": rows, "k": k})
    return figures


# --- Timeline --------------------------------------------------------------------


def default_bucket(started_at: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """Return "hour" during a campaign's first 72 hours, "day" after."""
    now = now or timezone.now()
    return HOUR if now - started_at < HOURLY_FOR else DAY


def timeline(campaign: Campaign | None, bucket: str) -> list[tuple[datetime.datetime, int]]:
    """Return [(bucket start, voices)] from the first voice to now, gaps filled with 0 (cached)."""
    key = f"timeline:{campaign.pk if campaign else 'all'}:{bucket}"
    return _cached(key, lambda: compute_timeline(campaign, bucket))


def compute_timeline(campaign: Campaign | None, bucket: str) -> list[tuple[datetime.datetime, int]]:
    hours = counters.hourly_voices(campaign.pk if campaign else None, using=wall_db())
    now = timezone.now()
    if bucket == HOUR:
        step = datetime.timedelta(hours=1)
        totals = hours
        last = counters.truncate_to_hour(now)
    else:
        step = datetime.timedelta(days=1)
        totals: dict[datetime.datetime, int] = {}
        for hour, voices in hours.items():
            day = hour.replace(hour=0)
            totals[day] = totals.get(day, 0) + voices
        last = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if not totals:
        return []
    moment = min(totals)
    points = []
    while moment <= max(last, max(totals)):
        points.append((moment, totals.get(moment, 0)))
        moment += step
    return points


def chart_points(points: list[tuple[datetime.datetime, int]], bucket: str) -> list[tuple[datetime.datetime, int]]:
    """Return what the chart draws: the last 72 hours, or every day."""
    return points[-CHART_HOURS:] if bucket == HOUR else points


# --- Contexts for the pages --------------------------------------------------------


def campaign_rows(data: dict, counted: set[str]) -> list[dict]:
    return [
        {
            "campaign": campaign,
            "counts": data["counts"][campaign.pk],
            "recent": data["recent"][campaign.pk],
            "counted": campaign.slug in counted,
        }
        for campaign in data["campaigns"]
    ]


def latest_stories(campaign: Campaign | None = None, limit: int = 5):
    stories = Story.objects.using(wall_db()).published().select_related("campaign")
    if campaign is not None:
        stories = stories.filter(campaign_id=campaign.pk)
    return list(stories.order_by("-published_at", "-id")[:limit])


def timeline_context(campaign: Campaign | None, data: dict, requested_bucket: str | None) -> dict:
    from stories.charts import timeline_svg

    if requested_bucket in BUCKETS:
        bucket = requested_bucket
    elif campaign is not None:
        bucket = default_bucket(campaign.started_at)
    else:
        starts = [c.started_at for c in data["campaigns"]]
        bucket = default_bucket(min(starts)) if starts else DAY
    points = chart_points(timeline(campaign, bucket), bucket)
    return {
        "bucket": bucket,
        "points": points,
        "svg": timeline_svg(points, bucket),
        "bucket_ignored": requested_bucket not in (None, "", *BUCKETS),
    }


def home_context(request, *, counted: set[str]) -> dict:
    data = snapshot()
    return {
        "data": data,
        "campaign_rows": campaign_rows(data, counted),
        "total": data["total"],
        "total_voices": data["total"]["voices"],
        "stories_published": data["total"]["stories_published"],
        "stories_pending": data["total"]["stories_pending"],
        "rising": rising(data),
        "rising_since": data["rising_since"],
        "timeline": timeline_context(None, data, request.GET.get("bucket")),
        "breakdowns": breakdown_figures(data),
        "k": data["k"],
        "latest_stories": latest_stories(),
    }


def campaign_context(request, campaign: Campaign, *, counted: set[str]) -> dict:
    from stories.forms import TapForm

    data = snapshot()
    campaign_id = campaign.pk if campaign.pk in data["counts"] else None
    return {
        "campaign": campaign,
        "counts": data["counts"].get(campaign.pk, ZERO_COUNTS),
        "counted": campaign.slug in counted,
        "tap_form": TapForm(),
        "timeline": timeline_context(campaign, data, request.GET.get("bucket")),
        "breakdowns": breakdown_figures(data, campaign_id) if campaign_id else [],
        "k": data["k"],
        "latest_stories": latest_stories(campaign),
    }
