"""The queue's first pages read with SQL compiled once per process: the same rows as the ORM gives, kept per input."""

import pytest
from django.db import connection

from moderation import queue
from moderation.models import Lane, Signal
from tests.moderation.test_queue_at_scale import waiting

pytestmark = pytest.mark.django_db


def orm_page(lane, start_at="", **filters):
    reviews = queue.lane_reviews(lane, **{"priority": "", "signal_type": "", "language": "", "campaign": "", **filters})
    if start_at:
        reviews = reviews.filter(priority__gte=start_at)
    return [queue.Listed._make(values) for values in reviews.values_list(*queue._listed_columns())[: queue.PAGE_SIZE + 1]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the compiled SQL is used on PostgreSQL only")
def test_the_first_pages_are_the_rows_the_orm_reads_for_each_input():
    urgent = waiting(3, priority="P1")
    waiting(30, priority="P3")
    waiting(2, priority="P2", lane=Lane.SPAM)
    Signal.objects.create(story=urgent[1], version=urgent[1].version, type="phone", start=0, end=3, confidence=0.9)
    cases = [
        (Lane.QUEUE, "", {}), (Lane.QUEUE, "P3", {}), (Lane.SPAM, "", {}),
        (Lane.QUEUE, "", {"priority": "P1"}), (Lane.QUEUE, "", {"signal_type": "phone"}),
    ]
    for lane, start_at, filters in cases:
        every = {"priority": "", "signal_type": "", "language": "", "campaign": "", **filters}
        assert queue._first_listed(lane, start_at, queue.PAGE_SIZE, every) == orm_page(lane, start_at, **filters)
    assert queue._first_listed(Lane.QUEUE, "", queue.PAGE_SIZE, {**every, "signal_type": "phone"})[0].story_id == urgent[1].id


def test_free_text_filters_are_left_to_the_orm():
    assert queue._first_listed(Lane.QUEUE, "", queue.PAGE_SIZE, {"language": "en"}) is None
    assert queue._first_listed(Lane.QUEUE, "", queue.PAGE_SIZE, {"campaign": "metoo"}) is None


def test_a_flagged_story_is_seen_at_once_after_an_empty_look():
    assert queue.flagged_first() == []
    flagged = waiting(1, lane=Lane.FLAGGED)
    assert [row.story_id for row in queue.flagged_first()] == [flagged[0].id]


def test_the_kept_summary_reads_the_numbers_it_is_given_and_the_appeals_row_only_for_seniors():
    from moderation import queue_rows

    counts = {"queue": 7, "flagged": 0, "spam": 1, "appeals": 3, "by_priority": {"queue": [("P1", 7)], "flagged": [], "spam": [("P3", 1)]}}
    first = queue_rows.summary_html(lane="queue", lanes=counts, oldest_waited={"queue": "5 minutes"}, with_appeals=False)
    assert 'data-lane="queue">7<' in first and "5 minutes" in first and 'data-lane="appeals"' not in first
    more = queue_rows.summary_html(lane="queue", lanes={**counts, "queue": 8}, oldest_waited={"queue": "5 minutes"}, with_appeals=True)
    assert 'data-lane="queue">8<' in more and 'data-lane="appeals">3<' in more
    spam = queue_rows.summary_html(lane="spam", lanes=counts, oldest_waited={"queue": "5 minutes"}, with_appeals=False)
    assert '<a href="?lane=spam" aria-current="page">' in spam


def test_the_kept_summary_escapes_what_it_shows():
    from moderation import queue_rows

    counts = {"queue": 1, "flagged": 0, "spam": 0, "by_priority": {"queue": [], "flagged": [], "spam": []}}
    html = queue_rows.summary_html(lane="queue", lanes=counts, oldest_waited={"queue": "<b>x</b>"}, with_appeals=False)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
