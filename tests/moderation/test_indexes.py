"""The two counts every queue page makes stay bounded by what they count, not by the whole table."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from moderation.models import Appeal
from moderation.queue import decisions_today

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's (CI runs on it)")


def _plan_of(count) -> str:
    """The plan of the statement `count()` sends, with sequential scans priced out (the test tables are tiny)."""
    with CaptureQueriesContext(connection) as captured:
        count()
    (query,) = captured.captured_queries
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_moderators_decisions_today_are_counted_from_the_moderator_and_time_index(postgres):
    moderator = get_user_model().objects.create_user("counted", password="x" * 20)
    plan = _plan_of(lambda: decisions_today(moderator))
    assert "decision_moderator_time" in plan, plan


def test_the_open_appeals_are_counted_from_their_own_partial_index(postgres):
    plan = _plan_of(lambda: Appeal.objects.pending().count())
    assert "appeal_pending" in plan, plan
