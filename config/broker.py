"""Kombu's Redis transport, with one Redis client per channel instead of one per command (issue 16).

kombu's Redis channel builds a new redis.Redis client for each command it sends (a publish
included): about a quarter of the CPU of publishing the screening task, most of it redis-py
filling its table of reply parsers. The client holds nothing of its own but that table and
the channel's connection pool, so this channel keeps the one it built and hands it out again
while the pool is the same; a new pool (the channel reconnected) gets a new client. The
connections, the commands, the message and the retry policy are kombu's and Celery's own.
config/celery.py registers it as kombu's transport for redis:// and rediss:// URLs, so the
broker's URL (and every log line that shows it) stays as configured.

Publishing a task (issue 16): Celery builds every message afresh — routing, options, headers,
the producer from its pool, the queue declared — about 0.3 ms of CPU for what is, on this
transport, one LPUSH of a JSON envelope onto the queue's list. So `send_task_by_name` sends a
task's first message in a process through Celery as always, and this channel remembers the
envelope it pushed and where. Later messages of that task reuse it: the same envelope (Celery's
own headers and properties for this process: origin, reply_to, time limits, routing) with only
what is per message made new — the task id (and root id and correlation id), the delivery tag,
the arguments and their repr — pushed onto the same list, on a connection kept for it from the
kept client's pool (config/redis_kept.py). Any error
(the broker down or restarting) sends the task through Celery instead, with its retry policy,
and raises as Celery does. A test holds such an envelope to the one Celery pushes.
"""

import copy
import threading
import uuid

import kombu.transport
from kombu.transport import redis as kombu_redis
from kombu.utils.json import dumps as json_dumps
from kombu.utils.json import loads as json_loads

from config import redis_kept

SCHEMES = ("redis", "rediss")

# task name -> (channel, list key, envelope with the body decoded), from the task's first message.
_envelopes: dict[str, tuple] = {}
_lock = threading.Lock()
_sending = threading.local()  # the task send_task_by_name is sending through Celery in this thread


class Channel(kombu_redis.Channel):
    _kept_client = None

    def _put(self, queue, message, **kwargs):
        super()._put(queue, message, **kwargs)
        task = (message.get("headers") or {}).get("task")
        # Only a message send_task_by_name sent (plain args, no countdown, eta, retry or expiry)
        # becomes the envelope: a worker's retry of the same task carries its eta and retry count.
        if task and task == getattr(_sending, "task", None) and task not in _envelopes and kwargs.get("_publish_batch") is None:
            try:
                self._remember_envelope(task, queue, message)
            except Exception:  # noqa: BLE001, S110 -- the message is sent: an error here must not send it again
                pass

    def _remember_envelope(self, task: str, queue: str, message: dict) -> None:
        properties = message["properties"]
        if properties.get("body_encoding") != "base64" or properties.get("priority") or self._expires:
            return  # only the plain case: anything else keeps going through kombu
        envelope = copy.deepcopy(message)
        envelope["body"] = json_loads(self.decode_body(message["body"], "base64"))
        with _lock:
            _envelopes.setdefault(task, (self, self._q_for_pri(queue, 0), envelope))

    def _create_client(self, asynchronous=False):
        if asynchronous:  # the worker's polling client, on a pool of its own: kombu's as it is
            return super()._create_client(asynchronous=True)
        kept = self._kept_client
        if kept is None or kept.connection_pool is not self.pool:
            kept = self._kept_client = super()._create_client()
        return kept


class Transport(kombu_redis.Transport):
    Channel = Channel


def register() -> None:
    """Make this the transport kombu picks for redis:// and rediss:// broker URLs."""
    for scheme in SCHEMES:
        kombu.transport.TRANSPORT_ALIASES[scheme] = "config.broker:Transport"
        kombu.transport._transport_cache.pop(scheme, None)


def forget_envelopes() -> None:
    """Forget every remembered envelope (tests; a changed broker configuration)."""
    _envelopes.clear()


def _push(task: str, args: tuple) -> bool:
    """Push a message of task with args from its remembered envelope; return False if there is none."""
    kept = _envelopes.get(task)
    if kept is None:
        return False
    channel, key, template = kept
    task_id = str(uuid.uuid4())
    message = {**template, "headers": {**template["headers"]}, "properties": {**template["properties"]}}
    headers, properties = message["headers"], message["properties"]
    headers["id"] = headers["root_id"] = properties["correlation_id"] = task_id
    headers["argsrepr"] = repr(tuple(args))
    properties["delivery_tag"] = str(uuid.uuid4())
    body = list(template["body"])
    body[0] = list(args)
    message["body"] = channel.encode_body(json_dumps(body), "base64")[0]
    with channel.conn_or_acquire() as client:  # as kombu's _put: the channel's kept client
        # One LPUSH on a connection kept for it (config/redis_kept.py): a reply lost there may push
        # the message twice, and the screening task is safe to run twice.
        redis_kept.execute(client, "LPUSH", key, json_dumps(message))
    return True


def send_task_by_name(app, name: str, args: tuple) -> None:
    """Send a task as `app.signature(name, args=args).delay()` does (eager mode included), one LPUSH on Redis."""
    if not app.conf.task_always_eager:
        try:
            if _push(name, args):
                return
        except Exception:  # noqa: BLE001 -- Celery's own path below retries, reconnects and raises
            _envelopes.pop(name, None)
    _sending.task = name
    try:
        app.signature(name, args=args).delay()
    finally:
        _sending.task = None
