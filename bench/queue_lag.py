"""End-to-end lag from submit to "in the moderation queue", through a real Celery worker.

The lag of a story is `Review.entered_queue_at` (written by the worker, to the microsecond) minus
the moment `submit_story` returned in this process (its transaction committed, its task sent).
Not `Story.created_at`: that is stored rounded down to the minute on purpose (aggregate privacy),
so it would add up to 60 s of nothing to every lag.
"""

import os
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


def _cpu_seconds(process: subprocess.Popen) -> float | None:
    """Return the CPU time (user + system) the worker process has used so far, or None off Linux."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    from stories.models import Campaign

    campaign = Campaign.objects.get(slug="metoo")
    rng = random.Random(50)
    worker = start_worker(env, log_path)
    try:
        warm_up = [_submit(campaign, story_text(1000, rng)) for _ in range(5)]
        if not _wait_for_reviews(warm_up, timeout=90):
            raise RuntimeError(f"the worker screened nothing within 90 s; see {log_path}")
        count = int(rate * seconds)
        story_ids = []
        submitted_at = {}  # story id -> wall-clock time (epoch seconds) when submit_story returned
        cpu_before = _cpu_seconds(worker)
        started = time.perf_counter()
        for n in range(count):
            delay = started + n / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            story_id = _submit(campaign, story_text(rng.randint(300, 2000), rng))
            submitted_at[story_id] = time.time()
            story_ids.append(story_id)
        submitted = time.perf_counter()
        drained = _wait_for_reviews(story_ids, timeout=max(120, 10 * seconds))
        finished = time.perf_counter()
        cpu_after = _cpu_seconds(worker)
    finally:
        stop_worker(worker)
    # entered_queue_at is an aware datetime (UTC): .timestamp() is epoch seconds, like time.time().
    lags = sorted(
        entered.timestamp() - submitted_at[story_id]
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
        # What one story costs the worker on the CPU clock (task, broker, database driver), whatever the load.
        "worker_cpu_ms_per_story": (
            round(1000 * (cpu_after - cpu_before) / count, 2) if cpu_before is not None and cpu_after is not None else None
        ),
    }
