"""Every periodic task beat sends is one a worker knows, on the queue the docs promise."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django; django.setup()
from config.celery import app
app.loader.import_default_modules()  # what a worker does at start
for entry in app.conf.beat_schedule.values():
    name = entry["task"]
    route = app.amqp.router.route({}, name)
    print(name, name in app.tasks, route["queue"].name)
"""


def test_every_scheduled_task_is_registered_in_a_worker():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.strip().splitlines()]
    names = {name for name, _known, _queue in rows}
    assert {"stories.reconcile_counts", "maintenance.sweep_unscreened", "maintenance.queue_digest", "maintenance.purge_expired"} <= names
    for name, known, queue in rows:
        assert known == "True", f"{name} is scheduled but no worker would know it"
        assert queue == "maintenance", f"{name} should run on the maintenance queue, not {queue}"
