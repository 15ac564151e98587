"""The Celery app: named queues, JSON only, late acknowledgement, time limits.

Tasks are idempotent (they take an id, lock or conditionally update their
row and return early if the work is done), so redelivery after a lost
worker is safe.
"""

import os

from celery import Celery
from kombu import Exchange, Queue

from config import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

broker.register()  # one Redis client per channel, not one per command (config/broker.py)
app = Celery("chorus")
app.config_from_object("django.conf:settings", namespace="CELERY")

_exchange = Exchange("chorus", type="direct", durable=True)
app.conf.task_queues = [
    Queue(name, _exchange, routing_key=name, durable=True)
    for name in ("screening", "default", "maintenance")
]
app.conf.task_default_exchange = "chorus"
app.conf.task_default_routing_key = "default"
app.conf.task_routes = {
    "moderation.screen_story": {"queue": "screening", "routing_key": "screening"},
    "moderation.*": {"queue": "default", "routing_key": "default"},
    "stories.reconcile_counts": {"queue": "maintenance", "routing_key": "maintenance"},
    "stories.*": {"queue": "default", "routing_key": "default"},
    "maintenance.*": {"queue": "maintenance", "routing_key": "maintenance"},
}
# Every periodic task, in one place. Each runs on the maintenance queue (see task_routes).
HOUR = 3600.0
app.conf.beat_schedule = {
    # Recompute the wall's counters from the rows and fix any drift.
    "reconcile-counts": {"task": "stories.reconcile_counts", "schedule": HOUR},
    # Re-queue stories whose screening task was lost (broker down when they were saved).
    "sweep-unscreened": {"task": "maintenance.sweep_unscreened", "schedule": 60.0},
    # Tell staff when the queue is deep.
    "queue-digest": {"task": "maintenance.queue_digest", "schedule": 24 * HOUR},
    # Retention (accounts/retention.py, which runs stories/retention.py too).
    "purge-expired": {"task": "maintenance.purge_expired", "schedule": 24 * HOUR},
}

# Tasks live in each app's tasks.py.
app.autodiscover_tasks()
