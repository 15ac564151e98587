"""Fault 5: fifty concurrent clients against gunicorn, a worker, PostgreSQL and Redis.

tests/crowd.py taps, shares stories and reads the wall. Afterwards: no request
got a 500, every tap and story the server accepted is in the database, the
worker screened every story, and the counters equal the rows (what
`manage.py reconcile_counts --check` checks). CI runs it for a few seconds;
docs/reliability.md gives the figures of a 60-second run:

    CHORUS_LOAD_SECONDS=60 CHORUS_LOAD_REPORT=load.json pytest tests/reliability/test_load.py
"""

import json
import os
from pathlib import Path

from stories.choices import Status
from stories.counters import find_drift
from stories.models import Story, Tap
from tests.crowd import run_load
from tests.factories import metoo
from tests.waiting import wait_until

SECONDS = float(os.environ.get("CHORUS_LOAD_SECONDS", "10"))
CLIENTS = 50


def test_under_load_nothing_is_lost_and_nothing_fails(processes, broker_url):
    metoo()
    unlimited = "100000000/h"  # every client comes from 127.0.0.1
    web = processes.web(broker=broker_url, RATE_LIMIT_TAPS=unlimited, RATE_LIMIT_STORIES=unlimited, workers=3, threads=8)
    processes.worker(broker=broker_url)

    report = run_load(web.url, clients=CLIENTS, seconds=SECONDS)
    summary = report.summary()
    print(json.dumps(summary, indent=2))
    if os.environ.get("CHORUS_LOAD_REPORT"):
        Path(os.environ["CHORUS_LOAD_REPORT"]).write_text(json.dumps(summary, indent=2) + "\n")

    assert "500" not in report.by_status, summary
    assert not [status for status in report.by_status if status.startswith("error:")], summary
    assert report.accepted["taps"] > 0 and report.accepted["stories"] > 0, summary
    assert Tap.objects.count() == report.accepted["taps"]
    assert Story.objects.count() == report.accepted["stories"]
    wait_until(lambda: not Story.objects.filter(status=Status.RECEIVED).exists(), timeout=120, message="screening")
    assert find_drift() == {}
