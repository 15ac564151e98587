"""Fault 2: the worker is SIGKILLed in the middle of screening a story.

Tasks are acknowledged late, so the message of the task that was running
stays with the broker; its half-done transaction is rolled back by
PostgreSQL. With Redis, the broker hands an unacknowledged message out again
after visibility_timeout (an hour in production; a few seconds here, through
CELERY_VISIBILITY_TIMEOUT); RabbitMQ does so as soon as the dead worker's
connection closes. A new worker then finishes the job: every story is
screened exactly once.
"""

import re
import time

import pytest

from moderation.models import AuditEntry, Review, Signal
from stories.choices import Status
from stories.models import Story
from stories.services import submit_story
from tests.factories import metoo
from tests.reliability.conftest import publishing_to
from tests.reliability.test_broker_down import screened_counts
from tests.waiting import wait_until

STORIES = 6
VISIBILITY_TIMEOUT = 3
# Phone numbers give every story a signal row, written before the pause, so a
# rolled-back transaction is visible as a missing row.
TEXT = "Story {n}: he told everyone to call him on +1 202-555-01{n:02d} and I was 19."


@pytest.fixture(params=["redis", "rabbitmq"])
def broker(request):
    return request.getfixturevalue("broker_url" if request.param == "redis" else "rabbitmq_url")


def test_a_worker_killed_mid_task_loses_no_story_and_screens_none_twice(processes, broker):
    campaign = metoo()
    with publishing_to(broker):
        stories = [submit_story(campaign=campaign, text=TEXT.format(n=n), anonymity="anonymous").story for n in range(STORIES)]

    slow = processes.worker(broker=broker, slow_seconds=1.5, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))
    wait_until(lambda: AuditEntry.objects.filter(action="screened").count() == 2, timeout=30, message="two stories screened")
    wait_until(lambda: slow.output().count("slow-screening story=") == 3, timeout=10, message="the third story to start")
    in_flight = int(re.findall(r"slow-screening story=(\d+)", slow.output())[-1])
    slow.kill()
    killed_at = time.monotonic()

    # The killed task's transaction was rolled back: no signal, no review, no audit row.
    assert Story.objects.get(pk=in_flight).status == Status.RECEIVED
    assert not Signal.objects.filter(story_id=in_flight).exists()
    assert not Review.objects.filter(story_id=in_flight).exists()
    assert AuditEntry.objects.filter(action="screened").count() == 2

    # Start the next worker once the broker considers the message abandoned (Redis: after the
    # visibility timeout; RabbitMQ: at once).
    if broker.startswith("redis"):
        time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    processes.worker(broker=broker, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))

    wait_until(lambda: not Story.objects.filter(status=Status.RECEIVED).exists(), timeout=30, message="every story screened")
    assert set(screened_counts().values()) == {1}
    # "screened" exists only inside the screening transaction; rows go from received to in_review.
    assert set(Story.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}
    assert Review.objects.count() == STORIES
    for story in stories:
        assert Signal.objects.filter(story=story, type="phone").count() == 1
