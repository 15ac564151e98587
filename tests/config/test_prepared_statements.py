"""config/prepared_statements.py: the hottest reads run as prepared statements, counted and logged like any query."""

import pytest
from django.db import connection
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
