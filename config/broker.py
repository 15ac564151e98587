"""Kombu's Redis transport, with one Redis client per channel instead of one per command (issue 16).

kombu's Redis channel builds a new redis.Redis client for each command it sends (a publish
included): about a quarter of the CPU of publishing the screening task, most of it redis-py
filling its table of reply parsers. The client holds nothing of its own but that table and
the channel's connection pool, so this channel keeps the one it built and hands it out again
while the pool is the same; a new pool (the channel reconnected) gets a new client. The
connections, the commands, the message and the retry policy are kombu's and Celery's own.
config/celery.py registers it as kombu's transport for redis:// and rediss:// URLs, so the
broker's URL (and every log line that shows it) stays as configured.
"""

import kombu.transport
from kombu.transport import redis as kombu_redis

SCHEMES = ("redis", "rediss")


class Channel(kombu_redis.Channel):
    _kept_client = None

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
