"""The queue's first pages read in one prepared statement on PostgreSQL: the same rows, counts and evidence as the plain queries."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from moderation import queue, services
from moderation.models import Appeal, Decision, Flag, Lane, Review, Signal
from tests.moderation.helpers import moderator
from tests.moderation.test_queue_at_scale import waiting

pytestmark = pytest.mark.django_db


def a_busy_queue():
    """Every kind of row the page reads: priorities, lanes, holds, flags, spam evidence (current and stale), duplicates."""
    start = timezone.now() - datetime.timedelta(hours=3)
    urgent = waiting(3, priority="P1")
    plain = waiting(30, priority="P3")
    spam = waiting(4, priority="P2", lane=Lane.SPAM)
    flagged = waiting(7, priority="P2", lane=Lane.FLAGGED)
    Review.objects.filter(story=plain[0]).update(flag_count=2)
    Review.objects.filter(story__in=[*plain, *urgent]).update(entered_queue_at=start)  # ties broken by id
    for story, reason in [(flagged[0], "spam"), (flagged[0], "spam"), (flagged[0], "harmful"), (flagged[1], "other"), (plain[0], "spam")]:
        Flag.objects.create(story=story, reason=reason)
    Flag.objects.create(story=flagged[2], reason="other", resolved=True)
    Flag.objects.create(story=plain[1], reason="other")  # not counted on its review: not shown, either way
    signals = [
        (spam[0], "spam", "a link to a shop", 0.9), (spam[0], "flood", "40 similar stories in ten minutes", 0.95),
        (spam[0], "spam", "a link to a shop", 0.5), (spam[0], "duplicate", f"near duplicate of story {plain[2].public_id} (97% similar)", 0.97),
        (spam[0], "spam", "a phone number to call", 0.4), (spam[1], "spam", "one reason, said twice", 0.8),
        (spam[1], "spam", "one reason, said twice", 0.8), (plain[3], "duplicate", f"near duplicate of story {plain[4].public_id} (91% similar)", 0.91),
        (plain[3], "phone", "a phone number", 0.99), (urgent[0], "phone", "a phone number", 0.9),
        (flagged[0], "duplicate", f"near duplicate of story {plain[2].public_id} (93% similar)", 0.93),  # shown in its lane, not on top
    ]
    for story, kind, reason, confidence in signals:
        Signal.objects.create(story=story, version=story.version, type=kind, start=0, end=3, confidence=confidence, reason=reason)
    Signal.objects.create(story=spam[2], version=spam[2].version - 1, type="spam", start=0, end=3, confidence=0.9, reason="an older version")
    someone = moderator()
    services.claim_story(story=plain[5], moderator=someone)
    return someone, plain


def read_both_ways(lane, *, moderator, start_at="", with_appeals=False, **filters):
    every = {"priority": "", "signal_type": "", "language": "", "campaign": "", **filters}
    asked = {"moderator": moderator, "with_top": lane == Lane.QUEUE, "with_appeals": with_appeals}
    one = queue._queue_page_in_one_statement(lane, start_at, every, **asked)
    parts = queue._queue_page_by_parts(lane, None, start_at, every, **asked)
    return one, parts


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one statement is PostgreSQL's")
def test_the_one_statement_reads_what_the_plain_queries_read_for_each_input():
    someone, plain = a_busy_queue()
    other = moderator()
    for story in plain[6:9]:
        Decision.objects.create(story=story, version=story.version, moderator=someone, action="approve")
    Decision.objects.create(story=plain[9], version=plain[9].version, moderator=other, action="approve")
    yesterday = Decision.objects.create(
        story=plain[10], version=plain[10].version, moderator=someone, action="reject", created_at=timezone.now() - datetime.timedelta(days=1, hours=1),
    )
    Appeal.objects.create(decision=yesterday, message="Please look again.")
    Appeal.objects.create(decision=Decision.objects.get(story=plain[9]), message="Decided.", outcome="upheld")
    cases = [
        (Lane.QUEUE, "", {}), (Lane.QUEUE, "P3", {}), (Lane.QUEUE, "P2", {}), (Lane.SPAM, "", {}), (Lane.FLAGGED, "", {}),
        (Lane.QUEUE, "", {"priority": "P1"}), (Lane.QUEUE, "", {"priority": "P0"}), (Lane.QUEUE, "", {"signal_type": "phone"}),
        (Lane.SPAM, "", {"signal_type": "flood"}),
    ]
    for viewer, with_appeals in ((someone, False), (other, True)):
        for lane, start_at, filters in cases:
            one, parts = read_both_ways(lane, moderator=viewer, start_at=start_at, with_appeals=with_appeals, **filters)
            assert one == parts, (viewer, lane, start_at, filters)
            assert one.open_appeals == (1 if with_appeals else None)
    one, _parts = read_both_ways(Lane.QUEUE, moderator=someone)
    # The case is not empty: every part of the page has something to compare.
    assert one.done_today == 3 and one.next_cursor is not None and len(one.rows) == queue.PAGE_SIZE
    assert len(one.flagged_top) == queue.FLAGGED_TOP and one.flag_reasons and one.duplicates
    spam, _parts = read_both_ways(Lane.SPAM, moderator=other)
    assert spam.done_today == 1 and len(spam.spam_reasons) == 2 and spam.duplicates
    assert [len(reasons) for reasons in spam.spam_reasons.values()] == [3, 1]
    empty, _parts = read_both_ways(Lane.QUEUE, moderator=other, priority="P0")
    assert empty.rows == [] and empty.done_today == 1


def test_the_queue_page_reads_free_text_filters_and_later_pages_the_plain_way():
    someone, _plain = a_busy_queue()
    every = {"priority": "", "signal_type": "", "language": "", "campaign": ""}
    first = queue.queue_page(Lane.QUEUE, moderator=someone, **every)
    assert first.next_cursor is not None
    later = queue.queue_page(Lane.QUEUE, moderator=someone, after=first.next_cursor, with_appeals=True, **every)
    assert later == queue._queue_page_by_parts(Lane.QUEUE, first.next_cursor, "", every, moderator=someone, with_top=False, with_appeals=True)
    assert later.open_appeals == 0
    assert later.flagged_top == [] and not {row.id for row in later.rows} & {row.id for row in first.rows}
    by_language = queue.queue_page(Lane.QUEUE, moderator=someone, **{**every, "language": "xx"})
    assert by_language.rows == [] and by_language.flagged_top == first.flagged_top


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


def test_the_flood_marks_read_with_the_staff_pass_are_this_hour_s_and_the_last_s(time_machine):
    from moderation.services import flags

    for moment in ("2026-03-01 10:00:00+00:00", "2026-03-01 10:59:59.999+00:00", "2026-03-01 11:00:00+00:00", "2026-03-02 00:00:01+00:00"):
        time_machine.move_to(moment, tick=False)
        assert list(queue._flood_alert_keys_now()) == flags.flood_alert_keys(timezone.now())
    assert queue._flood_alert_keys_now()[1].endswith("2026-03-01T23")
