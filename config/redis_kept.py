"""One Redis command on a connection this thread keeps for it: the posts' hot path (issue 16).

A tap or a story sends one command of its own to Redis (the rate limit's count, the screening
task's LPUSH). Through redis-py, one command costs more of this process's CPU than the rest of
the rate limit: a pool checkout that polls the socket for stale data, packing, the retry
wrapper, the response callbacks. Here the command is written by hand in Redis's wire format
(RESP) and sent on a connection made from the client's own pool settings (same server,
database, password, timeouts) but kept outside the pool, one per thread, made again after a
fork. Any error drops that connection and sends the command through redis-py instead, with
its own reconnection and retries; a reply lost in between means the command may have run
twice (callers say what that costs them). A server error reply (a script Redis does not know
yet, a wrong type) is raised as redis-py raises it, and the connection stays.
"""

import os
import threading

from redis.exceptions import ResponseError


class _Kept(threading.local):
    pool = None
    pid = None
    connection = None


_kept = _Kept()


def _bulk(value) -> bytes:
    if isinstance(value, str):
        value = value.encode()
    elif isinstance(value, int):
        value = str(value).encode()
    return b"$%d\r\n%s\r\n" % (len(value), value)


def packed(*args) -> bytes:
    """Return a command (str, bytes or int arguments) in RESP, as redis-py packs it."""
    return b"*%d\r\n" % len(args) + b"".join(map(_bulk, args))


def execute(client, *args):
    """Return the reply to one command, sent on this thread's kept connection to client's server.

    The reply is read as redis-py reads it without a response callback (bytes, integers, lists).
    """
    pool, kept = client.connection_pool, _kept
    if kept.connection is None or kept.pool is not pool or kept.pid != os.getpid():
        kept.connection, kept.pool, kept.pid = pool.connection_class(**pool.connection_kwargs), pool, os.getpid()
    connection = kept.connection
    try:
        connection.send_packed_command((packed(*args),), check_health=False)
        return connection.read_response()
    except ResponseError:
        raise
    except Exception:  # noqa: BLE001 -- redis-py's own path below reconnects, retries and raises
        kept.connection = None
        connection.disconnect()
    return client.execute_command(*args)


def forget() -> None:
    """Drop this thread's kept connection (tests that restart or replace the server)."""
    if _kept.connection is not None:
        _kept.connection.disconnect()
    _kept.connection = None
