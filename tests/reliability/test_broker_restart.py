"""Fault 3: the broker restarts while tasks are queued and one is running.

The broker here is a redis-server of the test's own, with no persistence, so
the restart loses every queued message (the worst case: a production broker
keeps them with AOF, see docs/deploy.md). The task that was running commits
its screening in PostgreSQL regardless; the worker reconnects; the sweeper
re-queues what the restart lost; each story is screened exactly once.
"""

import time

from moderation.services import sweep_unscreened
from stories.choices import Status
from stories.models import Story
from stories.services import submit_story
from tests.factories import metoo
from tests.reliability.conftest import publishing_to
from tests.reliability.processes import RedisServer, free_port, wait_gone
from tests.reliability.test_broker_down import screened_counts
from tests.waiting import wait_until

STORIES = 8


def test_a_broker_restart_with_tasks_in_flight_loses_no_story(processes, settings, tmp_path):
    broker = RedisServer(port=free_port(), log=tmp_path / "redis.log")
    processes.started.append(broker)
    broker.start()
    campaign = metoo()
    with publishing_to(broker.url):
        for n in range(STORIES):
            submit_story(campaign=campaign, text=f"Story {n}: it was my manager, for two years.", anonymity="anonymous")

    worker = processes.worker(broker=broker.url, slow_seconds=1)
    wait_until(lambda: worker.output().count("slow-screening story=") == 2, timeout=30, message="the second task to run")
    broker.kill()
    wait_gone(broker.port)
    time.sleep(1)
    broker.start()
    wait_until(lambda: worker.output().count("Connected to redis") >= 2, timeout=30, message="the worker to reconnect")

    # The running task finished in PostgreSQL; the queued ones died with the broker.
    wait_until(lambda: Story.objects.filter(status=Status.IN_REVIEW).count() == 2, timeout=10, message="the running task")
    time.sleep(1)
    assert Story.objects.filter(status=Status.RECEIVED).count() == STORIES - 2

    settings.SCREENING_RETRY_AFTER_SECONDS = 1
    with publishing_to(broker.url):
        assert sweep_unscreened() == {"requeued": STORIES - 2, "given_up": 0}

    wait_until(lambda: not Story.objects.filter(status=Status.RECEIVED).exists(), timeout=60, message="every story screened")
    assert set(screened_counts().values()) == {1}
