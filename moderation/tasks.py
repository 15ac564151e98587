"""Moderation tasks: thin, take ids, safe to run twice."""

from celery import shared_task


@shared_task(name="moderation.screen_story", acks_late=True, max_retries=5, default_retry_delay=10)
def screen_story(story_id: int) -> None:
    from moderation.services import screen_story_by_id

    screen_story_by_id(story_id=story_id)
