"""Every INSERT writes every index: the story and tap tables keep only the ones their lookups use."""

import pytest
from django.db import IntegrityError, connection, transaction

from stories.models import Story, Tap
from tests.factories import metoo

pytestmark = pytest.mark.postgres


def _indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("index definitions are PostgreSQL's (CI runs on it)")


def test_no_like_only_or_duplicate_index_is_written_with_every_story_and_tap(postgres):
    story = _indexes(Story._meta.db_table)
    assert not [name for name, definition in story.items() if "pattern_ops" in definition]
    # status alone is the first column of story_wall; campaign alone the first of the taps' (campaign, hour).
    assert not [name for name, definition in story.items() if definition.endswith("(status)")]
    tap = _indexes(Tap._meta.db_table)
    assert not [name for name, definition in tap.items() if definition.endswith("(campaign_id)")]
    assert len(tap) == 2, tap  # the primary key and (campaign, hour)


@pytest.mark.parametrize("field", ["public_id", "key_hmac", "submission_digest"])
def test_the_unique_columns_stay_unique(postgres, field):
    campaign = metoo()
    first = Story.objects.create(campaign=campaign, text="one", key_hmac="a" * 64, submission_digest="b" * 64)
    values = {"public_id": f"x{first.public_id[1:]}", "key_hmac": "c" * 64, "submission_digest": "d" * 64}
    values[field] = getattr(first, field)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.create(campaign=campaign, text="two", **values)


def _plan(queryset) -> str:
    """The plan of a queryset's SELECT, with sequential scans priced out (the test tables are tiny)."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_only_stories_with_an_author_are_in_the_author_index_and_an_authors_stories_are_found_from_it(postgres):
    from django.contrib.auth import get_user_model

    story = _indexes(Story._meta.db_table)
    assert "WHERE (author_id IS NOT NULL)" in story["story_author"]  # an anonymous story writes no entry in it
    assert [name for name, definition in story.items() if "(author_id)" in definition] == ["story_author"]
    user = get_user_model().objects.create_user("author", password="x" * 20)
    assert "story_author" in _plan(user.stories.all())  # the account's stories, export, deletion
    assert "story_author" in _plan(Story.objects.filter(public_id="x", author=user).exclude(status="withdrawn"))
    assert "story_author" in _plan(Story.objects.filter(author__in=[user.pk]))  # SET_NULL when an account goes
