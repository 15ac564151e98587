"""Fault 1: the broker is down when stories are submitted.

The story is saved and the author gets their answer; the broker error is a
warning in the log. When the broker is back, the sweeper re-queues what was
never screened and a real worker screens each story exactly once.
"""

import logging
import signal
import threading
import time

from moderation.models import AuditEntry, Review
from moderation.services import sweep_unscreened
from stories.choices import Status
from stories.models import Story
from stories.services import queue_screening
from tests.factories import metoo
from tests.reliability.conftest import publishing_to
from tests.reliability.processes import RedisServer, free_port
from tests.waiting import wait_until

STORIES = 20


def screened_counts() -> dict[str, int]:
    """Return {public_id: number of "screened" audit rows} for every story."""
    counts = dict.fromkeys(Story.objects.values_list("public_id", flat=True), 0)
    for public_id in AuditEntry.objects.filter(action="screened").values_list("story_public_id", flat=True):
        counts[public_id] += 1
    return counts


def test_it_saves_stories_while_the_broker_is_down_and_screens_each_once_when_it_is_back(
    processes, broker_url, redis_cache, client, settings, caplog
):
    settings.RATE_LIMIT_STORIES = "1000/h"
    # An in-thread Celery worker of an earlier test may have left the root logger at ERROR.
    caplog.set_level(logging.WARNING, logger="stories.services")
    metoo()
    nobody_listening = f"redis://127.0.0.1:{free_port()}/0"
    with publishing_to(nobody_listening):
        for n in range(STORIES):
            response = client.post(
                "/share/",
                {"campaign": "metoo", "text": f"Story {n}: it happened at work, more than once.", "anonymity": "anonymous", "submission": f"token-{n}"},
            )
            assert response.status_code == 200, response.content.decode()[:500]
            assert "story key" in response.content.decode().lower()

    assert Story.objects.filter(status=Status.RECEIVED).count() == STORIES
    warnings = [r for r in caplog.records if "could not queue screening" in r.getMessage()]
    assert len(warnings) == STORIES and all(r.levelname == "WARNING" for r in warnings)

    processes.worker(broker=broker_url)
    settings.SCREENING_RETRY_AFTER_SECONDS = 1
    time.sleep(1.1)
    with publishing_to(broker_url):
        assert sweep_unscreened() == {"requeued": STORIES, "given_up": 0}
        # A second copy of every task, as when a sweep re-queues a task that was only slow.
        for story_id in Story.objects.values_list("pk", flat=True):
            assert queue_screening(story_id)

    wait_until(lambda: not Story.objects.filter(status=Status.RECEIVED).exists(), timeout=60, message="screening")
    assert Story.objects.filter(status=Status.IN_REVIEW).count() == STORIES
    assert set(screened_counts().values()) == {1}
    assert Review.objects.filter(screening_failed=False).count() == STORIES


def test_a_hung_broker_delays_the_answer_by_seconds_not_forever(processes, redis_cache, client, settings, tmp_path):
    """A broker that accepts connections but never answers (stopped, partitioned).

    Without socket timeouts on the broker connection the publish, and with it
    the author's one chance to see their story key, would wait forever.
    """
    broker = RedisServer(port=free_port(), log=tmp_path / "redis.log")
    processes.started.append(broker)
    broker.start()
    broker.popen.send_signal(signal.SIGSTOP)
    # If the publish hangs, let the broker go after a while so the test fails instead of hanging.
    rescue = threading.Timer(45, lambda: broker.popen.send_signal(signal.SIGCONT))
    rescue.start()
    metoo()
    try:
        with publishing_to(broker.url):
            started = time.monotonic()
            response = client.post("/share/", {"campaign": "metoo", "text": "It was a teacher.", "anonymity": "anonymous"})
            waited = time.monotonic() - started
    finally:
        rescue.cancel()
        broker.popen.send_signal(signal.SIGCONT)
    assert response.status_code == 200
    assert waited < 20, f"the author waited {waited:.1f}s"
    assert Story.objects.get().status == Status.RECEIVED
