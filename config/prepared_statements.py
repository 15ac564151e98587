"""Run one of the hottest reads as a prepared statement on Django's PostgreSQL connection.

PostgreSQL parses and plans every statement Django sends (its cursors bind
parameters on the client, so nothing is ever prepared). For the statements
a staff page sends on every request — the user row, the queue page — the
planning cost PostgreSQL more CPU than running them (0.35 ms of 0.65 ms for
the queue's page), so these few are prepared once per connection and then
only executed, and their rows come back in binary (no text to parse into
datetimes). Their SQL is fixed per process: a value that decides the plan
(a lane, a status) is written into the SQL, never passed as a parameter, so
the plan PostgreSQL keeps is the one it would choose for those values.

PostgreSQL only (callers keep the ORM's way for other databases). Queries go
through Django's cursor wrapper, so they are counted and logged like any other
and a lost connection raises Django's OperationalError. Prepared statements
need a session of their own on the server: PgBouncer in session mode, as
docs/deploy.md says (in transaction mode, 1.21 or later with max_prepared_statements).
"""

import select

import psycopg
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _PreparedCursor(psycopg.Cursor):
    """A server-side binding cursor whose statements are prepared and whose rows come in binary."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, prepare=True, binary=True)


class _LoggedCursor(CursorDebugWrapper):
    """Logs the statement with its values written in, as Django logs its own (it would find no text to log)."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def skip_the_health_check_if_the_server_said_nothing(connection) -> None:
    """Spare a request's first statement Django's health check (CONN_HEALTH_CHECKS: a SELECT 1, one more round
    trip) when the connection's socket holds nothing to read.

    A server that ends a connection (pg_terminate_backend, a restart, a timeout, its process killed) says so on
    the socket: a FATAL message, then the end of the stream, both readable at once. While nothing is readable
    and the client side is whole, the SELECT 1 could only succeed; otherwise Django's check runs as always and
    a dead connection is replaced before the statement. (A server gone silently, with no word on the
    socket, would leave the SELECT 1 waiting just as long as the statement itself.)
    """
    raw = connection.connection
    if raw is None or connection.health_check_done or not connection.health_check_enabled:
        return
    if raw.closed or raw.broken or raw.pgconn.status != psycopg.pq.ConnStatus.OK:
        return
    readable, _writable, _failed = select.select([raw.fileno()], [], [], 0)
    if not readable:
        connection.health_check_done = True


def ready_for_a_first_statement(connection) -> None:
    """What Django's cursor() does before it opens a cursor, the health check spared while the server said nothing."""
    skip_the_health_check_if_the_server_said_nothing(connection)
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()


def fetchall(sql: str, params, *, using: str = "default") -> list[tuple]:
    """Every row of a prepared `sql` (psycopg placeholders: %s, and %% for a literal %) run with `params`."""
    connection = connections[using]
    ready_for_a_first_statement(connection)
    with connection.wrap_database_errors:
        raw = _PreparedCursor(connection.connection)
    cursor = _LoggedCursor(raw, connection) if connection.queries_logged else CursorWrapper(raw, connection)
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
