"""Start a real Celery worker whose screening pauses mid-transaction (test only).

    SLOW_SCREENING_SECONDS=2 python -m tests.reliability.slow_worker worker -Q screening ...

The pause comes after the story's row is locked and its signals are written,
before the transaction commits, so a SIGKILL during it leaves half-done work
that PostgreSQL must roll back. It prints "slow-screening story=<id>" when
it starts pausing so a test knows the worker is mid-task. Production code
has no hook for this: the wrapper is installed here, in the worker process.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from config.celery import app  # noqa: E402
from moderation.services import screening as services  # noqa: E402

DELAY = float(os.environ["SLOW_SCREENING_SECONDS"])
_store_signals = services.store_signals


def slow_store_signals(*, story, result, **kwargs):
    rows = _store_signals(story=story, result=result, **kwargs)
    print(f"slow-screening story={story.pk}", flush=True)
    time.sleep(DELAY)
    return rows


services.store_signals = slow_store_signals

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])
