"""Check each part Chorus depends on, truthfully."""

import logging

from django.core.cache import cache
from django.db import connections

logger = logging.getLogger(__name__)


def check_database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        logger.warning("health: database unreachable")
        return "down"


def check_cache() -> str:
    try:
        cache.set("healthz", "1", 5)
        return "ok" if cache.get("healthz") == "1" else "down"
    except Exception:
        logger.warning("health: cache unreachable")
        return "down"


def check_broker() -> str:
    from config.celery import app

    if app.conf.task_always_eager:
        return "eager"

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        logger.warning("health: broker unreachable")
        return "down"


def check_health() -> tuple[dict, bool]:
    """Return each part's state and whether all are usable."""
    report = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    healthy = all(state in {"ok", "eager"} for state in report.values())
    return report, healthy
