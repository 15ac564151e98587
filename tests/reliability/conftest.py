"""Fixtures for the fault tests: real PostgreSQL, real Redis, real worker and web processes.

Isolation from other test runs on the same machine: the database is
pytest-django's test database (committed data, transactional_db), the broker
and the cache are Redis database numbers nobody else uses (BROKER_DB,
CACHE_DB: 4 and 5, or CHORUS_FAULT_REDIS_DBS="b,c" when two runs share one
Redis server), and test 3 starts a redis-server of its own on a free port.
"""

import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import kombu.pools
import pytest
import redis
from django.conf import settings
from django.db import connection

from tests.reliability.processes import REPO, Gunicorn, Worker, free_port

BROKER_DB, CACHE_DB = (int(n) for n in os.environ.get("CHORUS_FAULT_REDIS_DBS", "4,5").split(","))


def _redis_server() -> str:
    """Return redis://host:port of the Redis the environment gives us, or ""."""
    for url in (settings.REAL_BROKER_URL, getattr(settings, "REDIS_URL", "")):
        if url and url.startswith("redis://"):
            return f"redis://{urlsplit(url).netloc}"
    return ""


def redis_url(db: int) -> str:
    return f"{_redis_server()}/{db}"


@pytest.fixture
def real_services():
    """Skip unless PostgreSQL and a broker are configured (CI sets both)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("fault tests need PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    if not settings.REAL_BROKER_URL:
        pytest.skip("fault tests need a broker: set CELERY_BROKER_URL (CI does)")
    if not _redis_server():
        pytest.skip("fault tests need a Redis server: CELERY_BROKER_URL or REDIS_URL must be redis://")


@pytest.fixture
def broker_url(real_services):
    """A Redis database of our own as the broker, empty before and after."""
    url = redis_url(BROKER_DB)
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def rabbitmq_url(real_services):
    """A RabbitMQ virtual host of our own, deleted afterwards (skips if RabbitMQ is not running)."""
    import shutil
    import subprocess

    from tests.reliability.processes import port_open

    if not (shutil.which("rabbitmqctl") and port_open(5672)):
        pytest.skip("no RabbitMQ on 127.0.0.1:5672 (CI starts one)")
    vhost = f"chorus_reliability_{os.getpid()}"

    def rabbitmqctl(*args):
        subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)

    rabbitmqctl("add_vhost", vhost)
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
    yield f"amqp://guest:guest@127.0.0.1:5672/{vhost}"
    rabbitmqctl("delete_vhost", vhost)


@pytest.fixture
def redis_cache(real_services, settings):
    """Point this process's cache at a Redis database of our own."""
    url = redis_url(CACHE_DB)
    redis.Redis.from_url(url).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "chorus",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield url
    redis.Redis.from_url(url).flushdb()


def database_url() -> str:
    """Return a URL for the database this test uses (pytest-django's test database)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    if db["PASSWORD"]:
        user += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


def child_env(*, broker: str, settings_module: str = "config.settings", **extra: str) -> dict[str, str]:
    """Return the environment of a worker or web process: production settings on our services."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_REPLICA_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url(CACHE_DB),
        CELERY_BROKER_URL=broker,
        CHORUS_HTTPS="0",
        SECRET_KEY=settings.SECRET_KEY,
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="INFO",
    )
    env.update(extra)
    return env


@contextmanager
def publishing_to(url: str):
    """Make this process's Celery app publish to url for real (not eagerly)."""
    from config.celery import app

    # Celery reads CELERY_BROKER_URL from the environment before its own setting,
    # so the write URL (checked first) is what redirects publishing.
    saved = app.conf.get("broker_write_url"), app.conf.task_always_eager

    def drop_connections():
        kombu.pools.reset()  # closes and forgets every pooled connection of this process
        app._after_fork()  # the app forgets its pools too

    drop_connections()
    app.conf["broker_write_url"], app.conf.task_always_eager = url, False
    try:
        yield
    finally:
        drop_connections()
        app.conf["broker_write_url"], app.conf.task_always_eager = saved


class Processes:
    """Start workers and web servers for one test; stop every one of them afterwards."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started = []

    def worker(self, *, broker: str, queues: str = "screening", name: str = "screening", slow_seconds: float = 0, **env):
        log = self.log_dir / f"worker-{name}-{len(self.started)}.log"
        worker = Worker(queues=queues, name=name, env=child_env(broker=broker, **env), log=log, slow_seconds=slow_seconds)
        self.started.append(worker)
        return worker.start()

    def web(self, *, broker: str, workers: int = 2, threads: int = 8, **env):
        log = self.log_dir / f"gunicorn-{len(self.started)}.log"
        env = child_env(broker=broker, settings_module="tests.reliability.server_settings", **env)
        server = Gunicorn(port=free_port(), env=env, log=log, workers=workers, threads=threads)
        self.started.append(server)
        return server.start()

    def kill_all(self):
        """End every process at once: after the test nothing in them is worth finishing."""
        for process in reversed(self.started):
            process.kill()


@pytest.fixture
def processes(real_services, transactional_db, tmp_path):
    """Real child processes; stopped before the test database is flushed."""
    started = Processes(tmp_path)
    yield started
    started.kill_all()
    redis.Redis.from_url(redis_url(CACHE_DB)).flushdb()  # what the web processes cached
