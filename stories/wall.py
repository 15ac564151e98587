"""What the public wall shows, read from the counters (no COUNT(*) per request).

The numbers are computed in a few grouped queries over counter rows, then
kept in the cache for WALL_CACHE_SECONDS, so a burst of readers costs the
database one computation per window. If the cache is down, each request
computes them itself: slower, never broken.

Two kinds of number, on purpose (docs/threat-model.md):
- the headline counts (voices, taps, stories published) are live: they
  tell how many, never whose answers or when;
- "stories awaiting review" comes from the release: live, its +1 would
  date a submission;
- the breakdowns by context, the timeline and "rising now" come from each
  campaign's release (stories/releases.py), which moves only after at
  least k voices changed, and are suppressed (stories/suppression.py).
"""

import dataclasses
import datetime
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from stories import counters, releases
from stories.choices import CONTEXT_FIELDS
from stories.models import AggregateRelease, Campaign, Story
from stories.suppression import ALL, suppressed_breakdowns, suppressed_hours

logger = logging.getLogger(__name__)

HOUR = "hour"
DAY = "day"
BUCKETS = (HOUR, DAY)
# A campaign's first days are charted per hour, later ones per day.
HOURLY_FOR = datetime.timedelta(hours=72)
CHART_HOURS = 72
COUNT_NAMES = ("voices", "taps", "stories_published", "stories_pending")
CACHE_VERSION = "v2"
# Released figures change only with a release; their cache entries are keyed by it.
RELEASED_CACHE_SECONDS = 24 * 60 * 60


def wall_db() -> str:
    """Return the database alias the wall reads from: WALL_DATABASE (the replica, when there is one).

    Inside a transaction on the primary (a write in progress) reads stay on
    the primary, so they see that transaction's own changes.
    """
    alias = settings.WALL_DATABASE
    if alias != "default" and connections["default"].in_atomic_block:
        return "default"
    return alias


def _cached(key: str, compute, *, seconds: int | None = None):
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
        cache.set(key, value, settings.WALL_CACHE_SECONDS if seconds is None else seconds)
    except Exception as error:
        logger.warning("wall cache unavailable (%s); not caching", type(error).__name__)
    return value


# --- The snapshot: every number of the wall, in a few queries -----------------------


@dataclasses.dataclass(frozen=True)
class Counts:
    """One campaign's (or every campaign's) headline numbers."""

    voices: int = 0
    taps: int = 0
    stories_published: int = 0
    stories_pending: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class RisingCampaign:
    campaign: Campaign
    recent: int


Breakdown = dict[str, dict[str, tuple[int | None, str]]]  # {field: {value: (count or None, hidden as)}}


@dataclasses.dataclass(frozen=True)
class WallSnapshot:
    """Every number the wall, the open data and the badge show, computed together."""

    generated_at: datetime.datetime
    k: int
    campaigns: tuple[Campaign, ...]
    counts: dict[int, Counts]  # live, but stories_pending as released
    total: Counts  # likewise
    breakdowns: dict[int | str, Breakdown]  # campaign id or ALL -> released, suppressed breakdown
    recent: dict[int, int]  # campaign id -> released, shown voices in hours since rising_since
    rising_since: datetime.datetime
    released_voices: dict[int, int]  # campaign id -> voices the campaign's release covers
    release_key: str  # changes with any campaign's release

    def released_voices_for(self, campaign: Campaign | None) -> int:
        if campaign is None:
            return sum(self.released_voices.values())
        return self.released_voices.get(campaign.pk, 0)

    def find_campaign(self, slug: str) -> Campaign | None:
        return next((campaign for campaign in self.campaigns if campaign.slug == slug), None)

    def counts_for(self, campaign: Campaign | None) -> Counts:
        """Return a campaign's counts (every campaign's with None)."""
        if campaign is None:
            return self.total
        return self.counts.get(campaign.pk, Counts())

    def breakdown(self, campaign: Campaign | None = None) -> Breakdown | None:
        """Return a campaign's suppressed breakdown (every campaign's with None); None if unknown."""
        return self.breakdowns.get(ALL if campaign is None else campaign.pk)

    def rising(self, limit: int = 5) -> list[RisingCampaign]:
        """Return campaigns ordered by voices since the start of the previous hour."""
        rows = [RisingCampaign(c, self.recent.get(c.pk, 0)) for c in self.campaigns if self.recent.get(c.pk)]
        rows.sort(key=lambda row: (-row.recent, row.campaign.slug))
        return rows[:limit]

    def default_bucket(self, campaign: Campaign | None = None, now: datetime.datetime | None = None) -> str:
        """Return the timeline's bucket when none was asked for: hours while the campaign is young.

        For every campaign together, the oldest campaign decides.
        """
        if campaign is not None:
            return default_bucket(campaign.started_at, now)
        starts = [c.started_at for c in self.campaigns]
        return default_bucket(min(starts), now) if starts else DAY


def snapshot() -> WallSnapshot:
    """Return the wall's numbers (cached for WALL_CACHE_SECONDS)."""
    return _cached("snapshot", compute_snapshot)


def campaign_by_slug(slug: str) -> Campaign | None:
    """Return the campaign for a post: from the cached snapshot (no query), else from the database.

    A post never computes the snapshot itself (readers do): when it is not in the cache, or the
    campaign is newer than it, one query finds the campaign. The snapshot is at most
    WALL_CACHE_SECONDS old, so closing a campaign takes effect for posts within that time.
    """
    try:
        data = cache.get(f"wall:{CACHE_VERSION}:snapshot")
    except Exception:  # noqa: BLE001 -- the cache being down must not stop a post
        data = None
    campaign = data.find_campaign(slug) if isinstance(data, WallSnapshot) else None
    if campaign is None:
        campaign = Campaign.objects.filter(slug=slug).first()
    return campaign


def compute_snapshot() -> WallSnapshot:
    using = wall_db()
    now = timezone.now()
    rising_since = counters.truncate_to_hour(now - datetime.timedelta(hours=1))
    campaigns = tuple(Campaign.objects.using(using).all())
    totals = counters.totals_by_campaign(using=using)
    released_breakdowns, released_pending = releases.released_breakdowns(using)
    counts = {
        campaign.pk: Counts(**{**totals.get(campaign.pk, {}), "stories_pending": released_pending.get(campaign.pk, 0)})
        for campaign in campaigns
    }
    total = Counts(**{name: sum(getattr(c, name) for c in counts.values()) for name in COUNT_NAMES})
    release_rows = list(AggregateRelease.objects.using(using).values_list("campaign_id", "changes", "voices"))
    released_voices = {campaign.pk: 0 for campaign in campaigns}
    released_voices.update({campaign_id: voices for campaign_id, _changes, voices in release_rows})
    release_key = hashlib.sha256(repr(sorted(release_rows)).encode()).hexdigest()[:16]
    k = settings.K_ANONYMITY_THRESHOLD
    breakdowns = suppressed_breakdowns(
        released_breakdowns,
        released_voices,
        choices={field: list(choices.values) for field, (choices, _label) in CONTEXT_FIELDS.items()},
        k=k,
    )
    hours = released_timelines(release_key)["hours"]
    recent = {
        campaign.pk: sum(v or 0 for hour, v in hours.get(campaign.pk, {}).items() if hour >= rising_since)
        for campaign in campaigns
    }
    return WallSnapshot(
        generated_at=now,
        k=k,
        campaigns=campaigns,
        counts=counts,
        total=total,
        breakdowns=breakdowns,
        recent=recent,
        rising_since=rising_since,
        released_voices=released_voices,
        release_key=release_key,
    )


# --- Timeline --------------------------------------------------------------------


def default_bucket(started_at: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """Return "hour" during a campaign's first 72 hours, "day" after."""
    now = now or timezone.now()
    return HOUR if now - started_at < HOURLY_FOR else DAY


def released_timelines(release_key: str) -> dict:
    """Return {"hours": {scope: {hour: voices or None}}, "days": {scope: {day: voices}}}, scope a campaign id or ALL.

    Computed once per release (the key), from the released counters.
    """
    return _cached(f"released-timelines:{release_key}", compute_released_timelines, seconds=RELEASED_CACHE_SECONDS)


def compute_released_timelines() -> dict:
    by_campaign = releases.released_hours(wall_db())
    days: dict = {ALL: {}}
    for campaign_id, hours in by_campaign.items():
        for hour, voices in hours.items():
            day = hour.replace(hour=0)
            for scope in (campaign_id, ALL):
                days.setdefault(scope, {})[day] = days.setdefault(scope, {}).get(day, 0) + voices
    return {"hours": suppressed_hours(by_campaign, k=settings.K_ANONYMITY_THRESHOLD), "days": days}


def timeline(data: WallSnapshot, campaign: Campaign | None, bucket: str) -> list[tuple[datetime.datetime, int | None]]:
    """Return [(bucket start, voices or None where hidden)] from the first to the last released voice, gaps as 0."""
    released = released_timelines(data.release_key)
    scope = campaign.pk if campaign is not None else ALL
    if bucket == HOUR:
        values, step = released["hours"].get(scope, {}), datetime.timedelta(hours=1)
    else:
        values, step = released["days"].get(scope, {}), datetime.timedelta(days=1)
    known = [moment for moment, voices in values.items() if voices != 0]
    if not known:
        return []
    moment, last = min(known), max(known)
    points = []
    while moment <= last:
        points.append((moment, values.get(moment, 0)))
        moment += step
    return points


def chart_points(points: list[tuple[datetime.datetime, int]], bucket: str) -> list[tuple[datetime.datetime, int]]:
    """Return what the chart draws: the last 72 hours, or every day."""
    return points[-CHART_HOURS:] if bucket == HOUR else points


def latest_stories(campaign: Campaign | None = None, limit: int = 5) -> list[Story]:
    stories = Story.objects.using(wall_db()).published().select_related("campaign")
    if campaign is not None:
        stories = stories.filter(campaign_id=campaign.pk)
    return list(stories.order_by("-published_at", "-id")[:limit])
