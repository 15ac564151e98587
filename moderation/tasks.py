"""Moderation tasks: thin, take ids, safe to run twice, acknowledged late."""

from celery import shared_task

from moderation import digest, services


@shared_task(name="moderation.screen_story", acks_late=True, autoretry_for=(Exception,), max_retries=5, retry_backoff=True)
def screen_story(story_id: int) -> None:
    services.screen_story_by_id(story_id=story_id)


@shared_task(name="maintenance.sweep_unscreened", acks_late=True)
def sweep_unscreened() -> dict:
    return services.sweep_unscreened()


@shared_task(name="maintenance.queue_digest", acks_late=True)
def queue_digest() -> int:
    return digest.send_queue_digest()
