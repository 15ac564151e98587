"""One Redis command on a connection this thread keeps for it: the posts' hot path (issue 16).

A tap or a story sends one command of its own to Redis (the rate limit's count, the screening
task's LPUSH). Through a redis.Redis client, one command costs more of this process's CPU than
the rest of the rate limit: a pool checkout that polls the socket for stale data, the retry
wrapper, the response callbacks. Here the command goes through redis-py's own Connection
(`send_command`, `read_response`: its packing, parsing, handshake and reconnection), made from
the client's own pool settings (same server, database, password, timeouts) but kept outside the
pool, one per pool and thread (the cache's and the broker's), made again after a fork. Any
error drops that connection and sends the command through the client instead, with its own
reconnection and retries; a reply lost in between means the command may have run twice
(callers say what that costs them). A server error reply (a script Redis does not know yet, a
wrong type) is raised as redis-py raises it, and the connection stays.
"""

import os
import threading

from redis.exceptions import ResponseError

KEEP_AT_MOST = 8  # pools (the cache's, the broker's): more means pools come and go, so start again


class _Kept(threading.local):
    pid = None
    connections: dict | None = None  # id(pool) -> (pool, its kept connection)


_kept = _Kept()


def _connection_for(pool):
    kept = _kept
    if kept.connections is None or kept.pid != os.getpid():
        kept.connections, kept.pid = {}, os.getpid()
    held = kept.connections.get(id(pool))
    if held is None or held[0] is not pool:
        if len(kept.connections) >= KEEP_AT_MOST:
            forget()
            kept.connections, kept.pid = {}, os.getpid()
        held = kept.connections[id(pool)] = (pool, pool.connection_class(**pool.connection_kwargs))
    return held[1]


def execute(client, *args):
    """Return the reply to one command, sent on this thread's kept connection to client's server.

    The reply is read as redis-py reads it without a response callback (bytes, integers, lists).
    """
    pool = client.connection_pool
    connection = _connection_for(pool)
    try:
        connection.send_command(*args, check_health=False)
        return connection.read_response()
    except ResponseError:
        raise
    except Exception:  # noqa: BLE001 -- redis-py's own path below reconnects, retries and raises
        _kept.connections.pop(id(pool), None)
        connection.disconnect()
    return client.execute_command(*args)


def forget() -> None:
    """Drop this thread's kept connections (tests that restart or replace the server)."""
    for _pool, connection in (_kept.connections or {}).values():
        connection.disconnect()
    _kept.connections = {}


def kept_connection(client):
    """Return the connection kept for client's pool in this thread, if any (tests)."""
    held = (_kept.connections or {}).get(id(client.connection_pool))
    return held[1] if held is not None and held[0] is client.connection_pool else None
