"""Periodic work on the stories side. Thin: each task calls a service."""

import logging

from celery import shared_task

from stories import counters

logger = logging.getLogger(__name__)


@shared_task(name="stories.reconcile_counts", acks_late=True)
def reconcile_counts() -> int:
    """Recompute every counter from the rows, fix drift, and return how many counters were off."""
    drift = counters.reconcile(fix=True)
    if drift:
        logger.warning("reconcile_counts fixed %d counters that had drifted", len(drift))
    return len(drift)
