"""The Celery settings that make "no story is ever lost" true, asserted one by one."""

import os

import pytest
from django.conf import settings
from kombu import Connection, Queue

from config.celery import app
from moderation.tasks import screen_story

AMQP_URL = os.environ.get("CHORUS_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")


def test_tasks_are_acknowledged_after_they_run_and_requeued_if_the_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert screen_story.acks_late is True
    # One message at a time per process: a dying worker strands at most one.
    assert app.conf.worker_prefetch_multiplier == 1


def test_a_task_is_killed_long_before_the_broker_would_hand_it_out_again():
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility_timeout == 3600  # the default; CELERY_VISIBILITY_TIMEOUT changes it for fault tests only
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility_timeout
    # A retried task waits in the worker, unacknowledged, for at most retry_backoff_max (600 s by default).
    assert getattr(screen_story, "retry_backoff_max", 600) < visibility_timeout


def test_a_broker_that_hangs_costs_seconds_not_forever():
    options = app.conf.broker_transport_options
    assert 0 < options["socket_timeout"] <= 5
    assert 0 < options["socket_connect_timeout"] <= 5
    policy = app.conf.task_publish_retry_policy
    assert policy["max_retries"] <= 3


def test_queues_and_messages_are_durable():
    assert {queue.name for queue in app.conf.task_queues} == {"screening", "default", "maintenance"}
    for queue in app.conf.task_queues:
        assert queue.durable and queue.exchange.durable and not queue.auto_delete
    assert app.conf.task_default_delivery_mode in ("persistent", 2)
    assert app.conf.broker_transport_options["confirm_publish"] is True


def test_each_task_is_routed_to_its_queue():
    assert app.amqp.router.route({}, "moderation.screen_story")["queue"].name == "screening"
    assert app.amqp.router.route({}, "maintenance.sweep_unscreened")["queue"].name == "maintenance"
    assert app.amqp.router.route({}, "stories.reconcile_counts")["queue"].name == "maintenance"
    assert app.conf.beat_schedule["sweep-unscreened"]["schedule"] == 60.0


def test_the_sweeper_retries_before_it_hands_a_story_to_people_unscreened():
    assert settings.SCREENING_MAX_ATTEMPTS >= 3
    # A story a killed worker held comes back through the sweeper within minutes, not after the visibility timeout.
    assert app.conf.broker_transport_options["visibility_timeout"] > settings.SCREENING_RETRY_AFTER_SECONDS


def test_rabbitmq_confirms_publishes_and_keeps_the_queues_durable():
    """confirm_publish is py-amqp's option: every publish waits for the broker's ack."""
    connection = Connection(AMQP_URL, transport_options=app.conf.broker_transport_options, connect_timeout=2)
    try:
        connection.ensure_connection(max_retries=1)
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"no RabbitMQ at {AMQP_URL} ({type(error).__name__}); CI starts one")
    with connection:
        channel = connection.default_channel
        assert connection.connection.confirm_publish is True
        assert channel.basic_publish == channel.basic_publish_confirm
        for queue in app.conf.task_queues:
            queue.bind(channel).declare()
        # Declaring a durable queue again as transient is refused: the broker holds it as durable.
        durable = app.conf.task_queues[0]
        transient = Queue(durable.name, durable.exchange, durable.routing_key, durable=False)
        with pytest.raises(Exception, match="durable"):
            transient.bind(connection.channel()).declare()
