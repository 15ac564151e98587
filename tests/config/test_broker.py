"""The broker's Redis channel keeps one client per connection pool (config/broker.py), and still delivers."""

import pytest
from django.conf import settings
from kombu import Connection

from config.broker import Transport

QUEUE = "test-broker-kept-client"


@pytest.fixture
def redis_broker():
    url = settings.REAL_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        pytest.skip("no Redis CELERY_BROKER_URL: runs in CI against Redis")
    with Connection(url) as connection:
        yield connection


def test_the_site_publishes_through_it_on_a_redis_broker():
    from config.celery import app

    connection = app.connection_for_write("redis://127.0.0.1:1/0")  # not connected: only which transport
    assert isinstance(connection.transport, Transport)
    uri = connection.as_uri()  # the URL operators configured, in the logs too ("Connected to redis://…")
    assert uri.startswith("redis://") and uri.endswith("@127.0.0.1:1/0")


def test_one_client_per_pool_and_messages_still_arrive(redis_broker):
    channel = redis_broker.default_channel
    first = channel._create_client()
    assert channel._create_client() is first
    assert first.connection_pool is channel.pool
    queue = redis_broker.SimpleQueue(QUEUE)
    try:
        queue.clear()
        for n in range(3):
            queue.put({"n": n})
        assert [queue.get(timeout=2).payload["n"] for _ in range(3)] == [0, 1, 2]
        # A new pool (as after a reconnection) gets a client of its own.
        channel._pool = None
        second = channel._create_client()
        assert second is not first and second.connection_pool is channel.pool
        queue.put({"n": 3})
        assert queue.get(timeout=2).payload == {"n": 3}
    finally:
        queue.clear()
        queue.close()
