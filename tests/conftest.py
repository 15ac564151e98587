import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate limits, salts, wall cache, finished wall pages)
    and no release, campaign, flood switch or lane counts remembered by the process."""
    from config.anonymous_cache import responses
    from config.client_address import _salt_memo
    from stories.forms import forget_flood_switch
    from stories.releases import forget_seen_releases
    from stories.services import forget_campaigns

    forgetting = (cache.clear, responses.clear, _salt_memo.clear, forget_seen_releases, forget_campaigns, forget_flood_switch)
    from moderation.queue import forget_lane_counts  # the queue page's counts, kept per process for seconds

    forgetting = (*forgetting, forget_lane_counts)
    for forget in forgetting:
        forget()
    yield
    for forget in forgetting:
        forget()


@pytest.fixture
def cache_down(settings):
    """Point the cache at a closed port: every cache call fails, as when Redis is down."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ChorusRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.fixture
def locmem_cache(settings):
    """A local-memory cache whatever REDIS_URL says: its keys can be listed and its expiry follows time_machine."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def campaign(db):
    from tests.factories import metoo

    return metoo()


@pytest.fixture
def celery_worker_real(transactional_db, settings):
    """Run a real Celery worker (in a thread) against the real broker and database.

    Skipped when no broker is configured, so `make test` passes on the
    embedded default; CI sets CELERY_BROKER_URL and runs it.
    """
    if not settings.REAL_BROKER_URL:
        pytest.skip("no CELERY_BROKER_URL: the real-worker test runs in CI against Redis")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
            for queue in ("screening", "default", "maintenance"):
                try:
                    connection.default_channel.queue_purge(queue)
                except Exception:  # noqa: BLE001, S110 -- a queue that does not exist yet has nothing to purge
                    pass
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"CELERY_BROKER_URL is set but the broker is unreachable: {error}")
    import logging

    root_level = logging.getLogger().level  # start_worker sets up Celery's logging
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, queues=["screening", "default", "maintenance"],
        shutdown_timeout=10,
    ) as worker:
        yield worker
    app.conf.task_always_eager = True
    logging.getLogger().setLevel(root_level)


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.REAL_BROKER_URL.split("://")[0] if settings.REAL_BROKER_URL else "none (worker tests skip)"
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"chorus: database={engine} cache={cache} broker={broker}"



# Tests that start servers, workers and Redis servers of their own, on Redis database numbers of
# their own (not the per-worker ones of tests/settings.py), and that time how a whole deployment
# behaves under load: `make test` runs them after the parallel part, one at a time, with the machine
# to themselves.
ONE_AT_A_TIME = ("tests/reliability/", "tests/security/test_no_address_anywhere.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::", 1)[0].startswith(ONE_AT_A_TIME):
            item.add_marker(pytest.mark.one_at_a_time)
