"""The machine the bench runs on: versions, and how busy other people keep it."""

import os
import platform
import time
from pathlib import Path

from bench import driver


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def machine_info() -> dict:
    import django
    import gunicorn
    import redis
    from django.conf import settings
    from django.db import connection

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
    except (OSError, StopIteration, ValueError):
        memory_kib = 0
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgresql = cursor.fetchone()[0].split()[0]
    redis_version = redis.Redis.from_url(settings.CELERY_BROKER_URL).info("server").get("redis_version", "?")
    from bench import nginx

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kib / 1024 / 1024) if memory_kib else "?",
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgresql,
        "gunicorn": gunicorn.__version__,
        "redis": redis_version,
        "wrk": driver.wrk_version(),
        "nginx": nginx.version(),
        "idle_cpu_busy": [],
    }


def cpu_busy(seconds: float = 2.0) -> float:
    """Return the share of all cores busy over the next `seconds` (from /proc/stat)."""

    def sample():
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)

    try:
        busy_before, total_before = sample()
        time.sleep(seconds)
        busy_after, total_after = sample()
    except (OSError, ValueError, IndexError):
        return 0.0
    return (busy_after - busy_before) / max(1, total_after - total_before)


def note_other_load(results: dict, when: str) -> None:
    """Record how busy the machine is while the bench itself is idle; over 25 % means others are working."""
    busy = cpu_busy()
    results["machine"]["idle_cpu_busy"].append((when, round(busy, 2)))
    if busy > 0.25:
        results["machine"]["shared"] = True
