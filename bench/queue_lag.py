"""End-to-end lag from submit to "in the moderation queue", through a real Celery worker."""

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.texts import story_text

BASE_DIR = Path(__file__).resolve().parent.parent


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    celery = str(Path(sys.executable).with_name("celery"))
    command = [
        celery, "-A", "config", "worker", "-Q", "screening", "-P", "solo", "--loglevel", "WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT)


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _submit(campaign, text: str):
    from stories import services

    return services.submit_story(campaign=campaign, text=text, anonymity="anonymous").story.pk


def _wait_for_reviews(story_ids: list[int], timeout: float) -> bool:
    from moderation.models import Review

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Review.objects.filter(story_id__in=story_ids).count() == len(story_ids):
            return True
        time.sleep(0.2)
    return False


def measure(env: dict[str, str], log_path: Path, *, rate: float = 50, seconds: float = 10) -> dict:
    """Submit stories at a steady `rate` for `seconds` and return the submit→queue lag figures."""
    import config.celery  # noqa: F401 -- the app that sends to the bench broker
    from moderation.models import Review
    from stories.models import Campaign, Story

    campaign = Campaign.objects.get(slug="metoo")
    rng = random.Random(50)
    worker = start_worker(env, log_path)
    try:
        warm_up = [_submit(campaign, story_text(1000, rng)) for _ in range(5)]
        if not _wait_for_reviews(warm_up, timeout=90):
            raise RuntimeError(f"the worker screened nothing within 90 s; see {log_path}")
        count = int(rate * seconds)
        story_ids = []
        started = time.perf_counter()
        for n in range(count):
            delay = started + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            story_ids.append(_submit(campaign, story_text(rng.randint(300, 2000), rng)))
        submitted = time.perf_counter()
        drained = _wait_for_reviews(story_ids, timeout=max(120, 10 * seconds))
        finished = time.perf_counter()
    finally:
        stop_worker(worker)
    created = dict(Story.objects.filter(pk__in=story_ids).values_list("pk", "created_at"))
    lags = sorted(
        (entered - created[story_id]).total_seconds()
        for story_id, entered in Review.objects.filter(story_id__in=story_ids).values_list("story_id", "entered_queue_at")
    )
    if not lags:
        raise RuntimeError("no story reached the queue")
    return {
        "stories": count,
        "in_queue": len(lags),
        "drained": drained,
        "rate_asked": rate,
        "rate_achieved": round(count / (submitted - started), 1),
        "seconds_to_drain": round(finished - started, 2),
        "p50_s": round(statistics.median(lags), 3),
        "p99_s": round(lags[min(len(lags) - 1, int(0.99 * len(lags)))], 3),
        "max_s": round(lags[-1], 3),
    }
