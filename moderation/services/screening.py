"""Screening orchestration: gather what the screener compares against, run it, queue the story."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
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


def _recent_texts(story: Story) -> list[tuple[str, str]]:
    since = timezone.now() - datetime.timedelta(days=settings.SCREENING_DUPLICATE_DAYS)
    rows = (
        Story.objects.filter(created_at__gte=since)
        .exclude(pk=story.pk)
        .exclude(status=Status.WITHDRAWN)
        .order_by("-created_at")
        .values_list("public_id", "text")[: settings.SCREENING_DUPLICATE_WINDOW]
    )
    return [(public_id, text) for public_id, text in rows if text]


def _similar_in_flood_window(story: Story, recent: list[tuple[str, str]]) -> int:
    """Count recent stories in the flood window that are near-duplicates of this one."""
    since = timezone.now() - datetime.timedelta(minutes=settings.SCREENING_FLOOD_MINUTES)
    in_window = set(
        Story.objects.filter(created_at__gte=since).exclude(pk=story.pk).values_list("public_id", flat=True)
    )
    window_texts = [text for pid, text in recent if pid in in_window]
    if not window_texts:
        return 0
    return screening.count_similar(story.text, window_texts, config=screening_config())


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
    recent = _recent_texts(story)
    same = flood_memory.same_text(story.text)
    return screening.screen_text(
        story.text,
        config=screening_config(),
        recent_texts=recent,
        recent_similar_count=_similar_in_flood_window(story, recent),
        same_text_copies=same.copies, same_text_senders=same.senders,
    )


def screen_story_by_id(*, story_id: int) -> bool:
    """Screen a received story and put it in the human queue; False if there was nothing to do.

    The screening runs before the story's row is locked (it can take a while and
    must not block an author's edit or withdrawal); the result is stored only if
    the story is still "received" at the version that was screened. Safe to run twice.
    """
    for _round in range(SCREENING_ROUNDS):
        story = Story.objects.filter(pk=story_id, status=Status.RECEIVED).first()
        if story is None:
            return False
        result = _screen(story)
        with transaction.atomic():
            locked = Story.objects.select_for_update().filter(pk=story_id, status=Status.RECEIVED).first()
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
    Review.objects.update_or_create(
        story=story,
        defaults={
            "priority": queue_priority(result),
            "lane": result.lane,
            "crisis": result.crisis,
            "screening_failed": False,
            "screened_version": story.version,
            "entered_queue_at": timezone.now(),
            "claimed_by": None,
            "claimed_until": None,
            "redactions": [],
        },
    )
    story_services.mark_screened(story=story, language=result.language)
    audit(
        actor=None, action="screened", story=story,
        detail={"priority": queue_priority(result), "lane": result.lane, "signals": sorted(result.types)},
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
