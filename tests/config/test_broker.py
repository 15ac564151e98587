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


@pytest.fixture
def screening_list(redis_broker, settings):
    """The raw Redis list of a queue of its own, with the site's app publishing for real (not eagerly)."""
    import redis

    from config import broker
    from config.celery import app

    broker.forget_envelopes()
    app.conf.task_always_eager = False
    client = redis.Redis.from_url(settings.REAL_BROKER_URL)
    client.delete("screening")
    yield client
    client.delete("screening")
    app.conf.task_always_eager = True
    broker.forget_envelopes()


def raw_messages(client) -> list[dict]:
    import base64
    import json

    messages = [json.loads(raw) for raw in reversed(client.lrange("screening", 0, -1))]
    for message in messages:
        message["body"] = json.loads(base64.b64decode(message["body"]))
    return messages


PER_MESSAGE = {("headers", "id"), ("headers", "root_id"), ("headers", "argsrepr"), ("properties", "correlation_id"),
               ("properties", "delivery_tag")}


def test_a_task_s_later_messages_are_celery_s_envelope_with_new_ids_and_arguments(screening_list):
    from config import broker
    from config.celery import app

    broker.send_task_by_name(app, "moderation.screen_story", (41,))  # through Celery, remembered
    assert "moderation.screen_story" in broker._envelopes
    broker.send_task_by_name(app, "moderation.screen_story", (42,))  # one LPUSH
    celerys, prepared = raw_messages(screening_list)
    assert celerys["body"][0] == [41] and prepared["body"][0] == [42]
    assert prepared["body"][1:] == celerys["body"][1:]
    assert list(prepared) == list(celerys)
    for part in ("headers", "properties"):
        assert list(prepared[part]) == list(celerys[part])
        for name, value in celerys[part].items():
            if (part, name) not in PER_MESSAGE:
                assert prepared[part][name] == value, (part, name)
    assert prepared["headers"]["argsrepr"] == "(42,)"
    assert prepared["headers"]["id"] == prepared["headers"]["root_id"] == prepared["properties"]["correlation_id"]
    assert prepared["headers"]["id"] != celerys["headers"]["id"]
    assert prepared["properties"]["delivery_tag"] != celerys["properties"]["delivery_tag"]


def test_a_retry_or_a_delayed_message_of_the_task_never_becomes_the_envelope(screening_list):
    from config import broker
    from config.celery import app

    # What a worker's retry publishes: the same task with a countdown (an eta) and a retry count.
    app.signature("moderation.screen_story", args=(40,)).apply_async(countdown=30, retries=1)
    assert "moderation.screen_story" not in broker._envelopes
    broker.send_task_by_name(app, "moderation.screen_story", (41,))
    broker.send_task_by_name(app, "moderation.screen_story", (42,))
    reused = raw_messages(screening_list)[-1]
    assert reused["body"][0] == [42]
    assert reused["headers"]["eta"] is None and reused["headers"]["retries"] == 0


def test_a_failing_push_goes_through_celery_and_is_not_lost(screening_list, monkeypatch):
    from config import broker
    from config.celery import app

    broker.send_task_by_name(app, "moderation.screen_story", (41,))

    def unreachable(task, args):
        raise ConnectionError("broker restarting")

    monkeypatch.setattr(broker, "_push", unreachable)
    broker.send_task_by_name(app, "moderation.screen_story", (43,))
    assert [message["body"][0] for message in raw_messages(screening_list)] == [[41], [43]]
    assert "moderation.screen_story" in broker._envelopes  # remembered again from Celery's message


def test_in_eager_mode_the_task_runs_here(settings, monkeypatch):
    from config import broker
    from config.celery import app

    ran = []
    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(broker, "_push", lambda task, args: ran.append("pushed"))
    monkeypatch.setattr(app, "signature", lambda name, args: type("S", (), {"delay": lambda self: ran.append((name, args))})())
    broker.send_task_by_name(app, "moderation.screen_story", (7,))
    assert ran == [("moderation.screen_story", (7,))]


def test_a_push_whose_kept_connection_was_dropped_still_arrives_once(screening_list):
    """The LPUSH goes out on a connection kept for it (config/redis_kept.py); a dead one is replaced, nothing lost."""
    from config import broker, redis_kept
    from config.celery import app

    broker.send_task_by_name(app, "moderation.screen_story", (41,))  # through Celery, remembered
    broker.send_task_by_name(app, "moderation.screen_story", (42,))  # on the kept connection
    with broker._envelopes["moderation.screen_story"][0].conn_or_acquire() as client:
        kept = redis_kept.kept_connection(client)
    assert kept is not None
    kept.send_command("CLIENT", "ID")
    screening_list.client_kill_filter(_id=int(kept.read_response()))  # as a broker restart ends it
    broker.send_task_by_name(app, "moderation.screen_story", (43,))
    assert [message["body"][0] for message in raw_messages(screening_list)] == [[41], [42], [43]]
