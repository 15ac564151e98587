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
