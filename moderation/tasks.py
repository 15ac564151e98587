"""Moderation tasks: thin, take ids, safe to run twice, acknowledged late."""

from celery import shared_task


@shared_task(name="moderation.screen_story", acks_late=True, autoretry_for=(Exception,), max_retries=5, retry_backoff=True)
def screen_story(story_id: int) -> None:
    from moderation.services import screen_story_by_id

    screen_story_by_id(story_id=story_id)


@shared_task(name="maintenance.sweep_unscreened", acks_late=True)
def sweep_unscreened() -> dict:
    from moderation.services import sweep_unscreened as sweep

    return sweep()


@shared_task(name="maintenance.queue_digest", acks_late=True)
def queue_digest() -> int:
    from moderation.digest import send_queue_digest

    return send_queue_digest()
