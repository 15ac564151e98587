"""A real Celery worker, a real broker and the real database (CI)."""

import pytest
from django.db import transaction

from stories.choices import Status
from stories.models import Story
from stories.services import submit_story
from tests.factories import metoo
from tests.waiting import wait_until


@pytest.mark.worker
def test_it_screens_a_story_queued_on_commit(celery_worker_real):
    campaign = metoo()
    with transaction.atomic():
        submitted = submit_story(campaign=campaign, text="It happened at work, more than once.", anonymity="anonymous")
        # Nothing is queued before the transaction commits.
        assert Story.objects.get(pk=submitted.story.pk).status == Status.RECEIVED

    def screened():
        story = Story.objects.get(pk=submitted.story.pk)
        return story.status == Status.IN_REVIEW

    wait_until(screened, timeout=30, message="the worker to screen the story")


@pytest.mark.worker
def test_it_screens_stories_queued_from_a_remembered_envelope(celery_worker_real):
    """The second story's task is pushed from the first one's envelope (config/broker.py): the worker takes both."""
    from config import broker

    campaign = metoo()
    first = submit_story(campaign=campaign, text="It happened at work, more than once.", anonymity="anonymous")
    assert "moderation.screen_story" in broker._envelopes
    second = submit_story(campaign=campaign, text="It happened at school, in the corridor.", anonymity="anonymous")

    def screened():
        return Story.objects.filter(pk__in=[first.story.pk, second.story.pk], status=Status.IN_REVIEW).count() == 2

    wait_until(screened, timeout=30, message="the worker to screen both stories")
