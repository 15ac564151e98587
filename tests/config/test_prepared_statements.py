"""config/prepared_statements.py: the hottest reads run as prepared statements, counted and logged like any query."""

import time

import pytest
from django.db import close_old_connections, connection, connections
from django.test.utils import CaptureQueriesContext

from config import prepared_statements
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")

SQL = 'SELECT "id", "username", "date_joined" FROM "accounts_user" WHERE "id" = %s AND "username" LIKE \'%%\''


@pytest.mark.django_db
def test_it_reads_what_the_orm_reads_and_prepares_the_statement_once():
    user = UserFactory()
    assert prepared_statements.fetchall(SQL, [user.pk]) == [(user.pk, user.username, user.date_joined)]
    assert prepared_statements.fetchall(SQL, [user.pk + 1000]) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%"accounts_user" WHERE "id" = $1%'])
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_it_is_counted_and_logged_with_its_values():
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        prepared_statements.fetchall(SQL, [user.pk])
    assert [query["sql"] for query in queries] == [SQL.replace("%s", str(user.pk)).replace("%%", "%")]


@pytest.mark.django_db(transaction=True)
def test_a_closed_connection_is_opened_again():
    user = UserFactory()
    prepared_statements.fetchall(SQL, [user.pk])
    connection.close()
    assert prepared_statements.fetchall(SQL, [user.pk])[0][0] == user.pk


def end_on_the_server(pid: int) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    time.sleep(0.2)  # the server's word reaches the socket


@pytest.mark.django_db(transaction=True)
def test_the_health_check_is_asked_only_when_the_server_has_spoken(monkeypatch):
    user = UserFactory()
    prepared_statements.fetchall(SQL, [user.pk])
    checks = []
    usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append("SELECT 1") or usable())
    close_old_connections()  # what a new request does: its first statement is to check the connection first
    prepared_statements.fetchall(SQL, [user.pk])
    assert checks == []  # nothing on the socket: the check could only have succeeded
    pid = connection.connection.info.backend_pid
    end_on_the_server(pid)
    close_old_connections()
    assert prepared_statements.fetchall(SQL, [user.pk]) == [(user.pk, user.username, user.date_joined)]
    assert checks == ["SELECT 1"] and connection.connection.info.backend_pid != pid  # checked, replaced, answered


@pytest.mark.django_db(transaction=True)
def test_a_staff_page_after_the_server_ended_the_connection_is_answered(client):
    from importlib import import_module

    from django.apps import apps

    from tests.moderation.helpers import moderator, screened_story

    import_module("accounts.migrations.0003_staff_groups").create_groups(apps, None)  # an earlier flush emptied them
    story = screened_story().story
    client.force_login(moderator())
    assert client.get("/moderation/").status_code == 200
    end_on_the_server(connection.connection.info.backend_pid)
    close_old_connections()
    response = client.get("/moderation/")
    assert response.status_code == 200 and story.public_id in response.content.decode()


@pytest.mark.django_db
def test_no_other_statement_is_prepared_however_often_it_runs():
    from django.db.backends.postgresql.base import ServerBindingCursor

    with connection.cursor() as django_cursor, type(django_cursor)(ServerBindingCursor(connection.connection), connection) as cursor:
        for n in range(20):
            cursor.execute("SELECT %s::int + 1", [n])  # bound by the server, as stories/counters.py does it
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%::int + 1%"])
        assert cursor.fetchone()[0] == 0
