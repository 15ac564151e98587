"""Scale-out: workers bound to different queues each receive only their queue's tasks.

Two real `celery -A config worker` processes, as deploy/systemd/chorus-worker@.service
runs them on separate machines: one for `screening`, one for `maintenance`.
A task for the `default` queue, which neither consumes, waits in the broker.
"""

import re

import redis
from celery import current_app

from stories.services import submit_story
from tests.factories import metoo
from tests.reliability.conftest import publishing_to
from tests.waiting import wait_until

RECEIVED = re.compile(r"Task ([\w.]+)\[[0-9a-f-]+\] received")


def received(worker) -> set[str]:
    return set(RECEIVED.findall(worker.output()))


def test_each_task_lands_on_the_worker_of_its_queue(processes, broker_url):
    screening = processes.worker(broker=broker_url, queues="screening", name="screening")
    maintenance = processes.worker(broker=broker_url, queues="maintenance", name="maint")
    with publishing_to(broker_url):
        submit_story(campaign=metoo(), text="It happened at school.", anonymity="anonymous")
        current_app.signature("maintenance.sweep_unscreened").delay()
        current_app.signature("stories.reconcile_counts").delay()
        current_app.signature("moderation.no_such_task_for_default").delay()

    wait_until(lambda: received(screening) == {"moderation.screen_story"}, timeout=30, message="screening worker")
    wait_until(
        lambda: received(maintenance) == {"maintenance.sweep_unscreened", "stories.reconcile_counts"},
        timeout=30, message="maintenance worker",
    )
    assert received(screening) == {"moderation.screen_story"}
    assert redis.Redis.from_url(broker_url).llen("default") == 1
