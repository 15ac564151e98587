"""Screening orchestration: gather what the screener compares against, run it, queue the story."""

import datetime
import functools
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from moderation import screening
from moderation.models import Lane, Priority, Review, Signal
from moderation.services.audit import audit
from stories import flood_memory
from stories import services as story_services
from stories.choices import Status
from stories.models import Story

logger = logging.getLogger(__name__)

# How often a story may change under a running screening before we leave it to the
# task its newest edit queued.
SCREENING_ROUNDS = 3


def _screening_key() -> bytes:
    return ("signal-span:" + settings.SECRET_KEY).encode()


# Recent stories' texts, kept across tasks by (public id, version): the worker compares every story
# with the same few hundred recent ones and the window moves by about one story per task, so each
# text crosses the wire once instead of once per task. A story's text changes only with a new
# version, or is erased to "" (withdrawn, purged), which the query leaves out. The public id is
# random (never reused, unlike a row id after a rollback). Pruned to the window as it moves on.
_recent_cache: dict[tuple[str, int], str] = {}


@functools.cache
def _story_sql(template: str, vendor: str) -> str:
    """Fill the story table's and columns' names into `template` (from the model, never from input)."""
    meta = Story._meta
    names = {field.name: connection.ops.quote_name(field.column) for field in meta.concrete_fields}
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""  # SQLite locks the whole file
    return template.format(table=connection.ops.quote_name(meta.db_table), for_update=lock, **names)


# The worker's reads of a story, written once as SQL: the ORM spends ~0.4 ms building each of these
# queries, ten times what PostgreSQL takes to answer them, at 50 stories a second (issue 14's lag).
_RECENT_SQL = (
    "SELECT {public_id}, {version}, {created_at} >= %s FROM {table}"
    " WHERE {created_at} >= %s AND {id} <> %s AND {status} <> %s AND {text} <> ''"
    " ORDER BY {created_at} DESC, {id} DESC LIMIT %s"
)
_TEXTS_SQL = "SELECT {public_id}, {version}, {text} FROM {table} WHERE {public_id} IN ({placeholders})"
_RECEIVED_SQL = "SELECT {public_id}, {version}, {text} FROM {table} WHERE {id} = %s AND {status} = %s"
_LOCK_SQL = (
    "SELECT {public_id}, {version}, {text}, {status}, {language} FROM {table}"
    " WHERE {id} = %s AND {status} = %s{for_update}"
)


def _fetch_texts(public_ids: list[str]) -> list[tuple[str, int, str]]:
    """Return (public id, version, text) of the stories named, in one query (SQL written once per count of ids)."""
    with connection.cursor() as cursor:
        cursor.execute(_texts_sql(len(public_ids), connection.vendor), public_ids)
        return cursor.fetchall()


@functools.cache
def _texts_sql(count: int, vendor: str) -> str:
    return _story_sql(_TEXTS_SQL.replace("{placeholders}", ", ".join(["%s"] * count)), vendor)


def _fetch_one(template: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(_story_sql(template, connection.vendor), params)
        return cursor.fetchone()


_RECEIVED_FIELDS = ("id", "public_id", "version", "text")
_LOCKED_FIELDS = ("id", "public_id", "version", "text", "status", "language")


def _received_story(story_id: int, *, lock: bool = False) -> Story | None:
    """Return the story if it is still received (locked for update with `lock`), as `.only()` would.

    The other fields are deferred (read from the database if anything asks for them), exactly as
    the ORM's `.only(...)` leaves them.
    """
    template, names = (_LOCK_SQL, _LOCKED_FIELDS) if lock else (_RECEIVED_SQL, _RECEIVED_FIELDS)
    row = _fetch_one(template, [story_id, Status.RECEIVED])
    if row is None:
        return None
    # Model.from_db defers every concrete field not named (the ORM's own way of building `.only()`
    # rows); it takes the values in the model's field order.
    values = dict(zip(names, (story_id, *row), strict=True))
    ordered = [field.attname for field in Story._meta.concrete_fields if field.attname in values]
    return Story.from_db(connection.alias, ordered, [values[name] for name in ordered])


def _recent_stories(story: Story) -> tuple[list[tuple[str, str]], list[str]]:
    """Return the recent stories to compare with, as (public id, text), and the texts of those in the flood window.

    One query for both: the flood window (SCREENING_FLOOD_MINUTES) is the newest part of the
    duplicate window (SCREENING_DUPLICATE_DAYS, at most SCREENING_DUPLICATE_WINDOW stories).
    Withdrawn stories and erased texts are left out.
    """
    now = timezone.now()
    since = now - datetime.timedelta(days=settings.SCREENING_DUPLICATE_DAYS)
    flood_since = now - datetime.timedelta(minutes=settings.SCREENING_FLOOD_MINUTES)
    # A flag from the database rather than the datetime: parsing 300 datetimes costs more than the query.
    with connection.cursor() as cursor:
        cursor.execute(_story_sql(_RECENT_SQL, connection.vendor), [
            connection.ops.adapt_datetimefield_value(flood_since), connection.ops.adapt_datetimefield_value(since),
            story.pk, Status.WITHDRAWN, settings.SCREENING_DUPLICATE_WINDOW,
        ])
        rows = cursor.fetchall()
    missing = [public_id for public_id, version, _ in rows if (public_id, version) not in _recent_cache]
    fetched = {}
    if missing:
        # About one story a task (the newest): SQL kept per count of ids instead of the ORM's ~0.3 ms a query.
        for public_id, version, text in _fetch_texts(missing):
            fetched[public_id] = text
            _recent_cache[(public_id, version)] = text
    recent, in_flood_window = [], []
    for public_id, version, in_flood in rows:
        text = _recent_cache.get((public_id, version), fetched.get(public_id, ""))
        if not text:
            continue
        recent.append((public_id, text))
        if in_flood:
            in_flood_window.append(text)
    if len(_recent_cache) > 2 * max(len(rows), 100):
        keep = {(public_id, version) for public_id, version, _ in rows}
        for key in [key for key in list(_recent_cache) if key not in keep]:
            _recent_cache.pop(key, None)
    return recent, in_flood_window


def store_signals(*, story: Story, result: screening.ScreeningResult, keep_dismissed: set[tuple[str, str]] = frozenset()) -> list[Signal]:
    """Replace the signals of the story's current version with a screening result's."""
    key = _screening_key()
    Signal.objects.filter(story=story, version=story.version).delete()
    rows = []
    for found in result.signals:
        text_hash = found.text_hash(story.text, key=key)
        resolution = Signal.Resolution.DISMISSED if (found.type, text_hash) in keep_dismissed else Signal.Resolution.OPEN
        rows.append(
            Signal(
                story=story, version=story.version, type=found.type, start=found.start, end=found.end,
                confidence=found.confidence, reason=found.reason[:200], text_hash=text_hash, resolution=resolution,
            )
        )
    return Signal.objects.bulk_create(rows)


def _screen(story: Story) -> screening.ScreeningResult:
    config = screening_config()
    recent, in_flood_window = _recent_stories(story)
    same = flood_memory.same_text(story.text)
    # How many recent stories in the flood window are near-duplicates of this one (a wave is shown, never a lane).
    similar = screening.count_similar(story.text, in_flood_window, config=config) if in_flood_window else 0
    return screening.screen_text(
        story.text,
        config=config,
        recent_texts=recent,
        recent_similar_count=similar,
        same_text_copies=same.copies, same_text_senders=same.senders,
    )


def screen_story_by_id(*, story_id: int) -> bool:
    """Screen a received story and put it in the human queue; False if there was nothing to do.

    The screening runs before the story's row is locked (it can take a while and
    must not block an author's edit or withdrawal); the result is stored only if
    the story is still "received" at the version that was screened. Safe to run twice.
    """
    for _round in range(SCREENING_ROUNDS):
        story = _received_story(story_id)
        if story is None:
            return False
        result = _screen(story)
        with transaction.atomic():
            locked = _received_story(story_id, lock=True)
            if locked is None:
                return False
            if locked.version != story.version or locked.text != story.text:
                continue  # changed while we screened: screen the new version
            _store_screening(locked, result)
        return True
    logger.info("screening: story %d kept changing while it was screened; left to its newest task", story_id)
    return False


def queue_priority(result: screening.ScreeningResult) -> str:
    """Abuse aimed at survivors waits in its own priority, never beside testimonies; a crisis comes first."""
    if "abuse" in result.types and not result.crisis:
        return Priority.ABUSE
    return result.priority


def _store_screening(story: Story, result: screening.ScreeningResult) -> None:
    store_signals(story=story, result=result)
    # One INSERT … ON CONFLICT instead of update_or_create's savepoint, locking SELECT and write:
    # the story's row is locked already, so nobody else writes its review meanwhile.
    queued = {
        "priority": queue_priority(result),
        "lane": result.lane,
        "crisis": result.crisis,
        "screening_failed": False,
        "screened_version": story.version,
        "entered_queue_at": timezone.now(),
        "claimed_by": None,
        "claimed_until": None,
        "redactions": [],
    }
    Review.objects.bulk_create(
        [Review(story=story, **queued)], update_conflicts=True, unique_fields=["story"], update_fields=list(queued),
    )
    story_services.mark_screened(story=story, language=result.language)
    audit(
        actor=None, action="screened", story=story,
        detail={"priority": queued["priority"], "lane": result.lane, "signals": sorted(result.types)},
    )


def screening_config() -> screening.ScreeningConfig:
    """Return the screening configuration (built once per process, rebuilt when a setting changes)."""
    return screening.config_from_settings()


def give_up_screening(*, story: Story) -> None:
    """Send a story that could not be screened to the human queue, marked as such."""
    Review.objects.update_or_create(
        story=story,
        defaults={"priority": Priority.P1, "lane": Lane.QUEUE, "screening_failed": True, "entered_queue_at": timezone.now()},
    )
    story_services.mark_screened(story=story, language=story.language or "und")
    audit(actor=None, action="screening_failed", story=story, detail={"attempts": story.screening_attempts})


def sweep_unscreened() -> dict[str, int]:
    """Re-queue stories that were never screened; after too many tries, hand them to people.

    The wait doubles with each attempt (2, 4, 8, 16 … minutes by default), so
    a long but healthy backlog during a flood is not mistaken for lost tasks
    and sent to people without its screening.
    """
    now = timezone.now()
    due = Q(screening_queued_at__isnull=True)
    for attempts in range(settings.SCREENING_MAX_ATTEMPTS + 1):
        wait = datetime.timedelta(seconds=settings.SCREENING_RETRY_AFTER_SECONDS * 2**attempts)
        due |= Q(screening_attempts=attempts, screening_queued_at__lt=now - wait)
    due |= Q(screening_attempts__gt=settings.SCREENING_MAX_ATTEMPTS)
    stuck = Story.objects.filter(status=Status.RECEIVED).filter(due)
    requeued = given_up = 0
    for story_id in stuck.values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            story = Story.objects.select_for_update(skip_locked=True).filter(pk=story_id, status=Status.RECEIVED).first()
            if story is None:
                continue
            if story.screening_attempts >= settings.SCREENING_MAX_ATTEMPTS:
                give_up_screening(story=story)
                given_up += 1
                continue
            story_services.note_screening_attempt(story_id=story.pk)
            story_services.queue_screening_on_commit(story.pk)
            requeued += 1
    if requeued or given_up:
        logger.info("sweeper: re-queued %d stories, sent %d to people after failed screening", requeued, given_up)
    return {"requeued": requeued, "given_up": given_up}
