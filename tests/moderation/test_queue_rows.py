"""The queue page's rows are rendered once per process and kept: each moderator still sees their own page.

A kept row is keyed by every value it shows (moderation/queue_rows.py), so these
tests render the same stories for different moderators, languages and moments,
in both orders, and check that nothing of one reaches another.
"""

import datetime
from collections import Counter

from django.utils import timezone

from moderation import queue, queue_rows
from moderation.models import Lane, Review
from stories.models import Story
from tests.catalogues import compile_catalogues
from tests.moderation.helpers import held, moderator, screened_story


def page(client, user, **query):
    client.force_login(user)
    return client.get("/moderation/", query).content.decode()


def row_of(body, story):
    start = body.rindex("<li", 0, body.index(f'data-story="{story.public_id}"'))
    return body[start:body.index("</li>", start)]


def test_it_never_shows_one_moderators_hold_to_another(client, db):
    story = screened_story().story
    holder, other = moderator(), moderator()
    held(story, holder)
    # The holder first, then the other, then the holder again: each row comes from the same kept fragments.
    for _ in range(2):
        mine = row_of(page(client, holder), story)
        assert "data-open" in mine and "Being reviewed by" not in mine
        theirs = row_of(page(client, other), story)
        assert f"Being reviewed by {holder.username}" in theirs and "data-open" not in theirs
    Review.objects.filter(story=story).update(claimed_by=None, claimed_until=None)
    freed = row_of(page(client, other), story)
    assert "data-open" in freed and "Being reviewed by" not in freed


def test_an_expired_hold_no_longer_blocks_the_others(client, db):
    story = screened_story().story
    holder, other = moderator(), moderator()
    held(story, holder)
    assert "Being reviewed by" in row_of(page(client, other), story)
    Review.objects.filter(story=story).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert "data-open" in row_of(page(client, other), story)


def test_a_kept_row_follows_every_change_to_its_story(client, db):
    story = screened_story("It was a long winter and nobody listened to me then.").story
    user = moderator()
    first = row_of(page(client, user), story)
    assert "nobody listened" in first and "escalated to seniors" not in first
    Story.objects.filter(pk=story.pk).update(text="Years later I finally told my sister what happened.")
    Review.objects.filter(story=story).update(escalated=True, priority="P1")
    second = row_of(page(client, user), story)
    assert "told my sister" in second and "nobody listened" not in second
    assert "escalated to seniors" in second and "priority-P1" in second


def test_a_kept_row_is_the_row_rendered_afresh(client, db):
    stories = [screened_story(f"Story number {n}: it happened at the office party.").story for n in range(3)]
    user = moderator()
    queue_rows.forget_rows()
    fresh = page(client, user)
    assert queue_rows._render_row.cache_info().misses == 3
    kept = page(client, user)
    assert queue_rows._render_row.cache_info().misses == 3  # no row rendered again
    strip = lambda body: body[body.index('<ol class="queue-list"'):body.index("</ol>")]  # noqa: E731
    assert strip(fresh) == strip(kept)
    assert all(story.public_id in strip(kept) for story in stories)


def test_rows_speak_each_readers_language(client, db):
    compile_catalogues()
    story = screened_story().story
    user = moderator()
    client.force_login(user)
    english = row_of(client.get("/moderation/").content.decode(), story)
    spanish = row_of(client.get("/moderation/", headers={"accept-language": "es"}).content.decode(), story)
    english_again = row_of(client.get("/moderation/").content.decode(), story)
    assert "Open and review" in english and "Open and review" in english_again
    assert "Abrir y revisar" in spanish and "Open and review" not in spanish


def test_the_waiting_time_moves_on_while_the_row_is_kept(client, db):
    story = screened_story().story
    user = moderator()
    assert "waiting 0\xa0minutes" in row_of(page(client, user), story)
    # Only the time changes (the row's own values do not): the kept row shows the new wait.
    Review.objects.filter(story=story).update(entered_queue_at=timezone.now() - datetime.timedelta(hours=2, minutes=5, seconds=20))
    assert "waiting 2\xa0hours, 5\xa0minutes" in row_of(page(client, user), story)


def test_the_spam_checkbox_is_only_on_the_spam_bins_page(client, db):
    story = screened_story().story
    Review.objects.filter(story=story).update(lane=Lane.SPAM)
    user = moderator()
    assert 'name="stories"' in row_of(page(client, user, lane="spam"), story)


def nav_of(body):
    start = body.index('<nav class="mod-nav"')
    return body[start:body.index("</nav>", start)]


def test_the_navigation_kept_per_language_follows_each_readers_permissions(client, db):
    senior, plain = moderator(role="senior moderator"), moderator()
    for _ in range(2):
        assert 'href="/moderation/appeals/"' in nav_of(page(client, senior))
        assert "appeals" not in nav_of(page(client, plain))


def test_the_counts_at_the_top_are_at_most_a_few_seconds_old(client, db, locmem_cache, time_machine):
    screened_story()
    user = moderator()
    assert queue.lane_counts_shown(with_appeals=False)["queue"] == 1
    screened_story("Another one, from another night, another town.")
    assert queue.lane_counts_shown(with_appeals=False)["queue"] == 1  # kept
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=queue.LANE_COUNTS_SECONDS + 1))
    assert queue.lane_counts_shown(with_appeals=False)["queue"] == 2
    assert 'data-lane="queue">2<' in page(client, user)


def test_the_queue_page_works_without_the_cache(client, db, cache_down):
    story = screened_story().story
    body = page(client, moderator())
    assert story.public_id in body and 'data-lane="queue">1<' in body


def test_the_header_kept_per_language_follows_who_is_signed_in(client, db):
    from django.test import Client

    staff = moderator()
    for _ in range(2):
        assert 'href="/moderation/">' in page(client, staff)
        visitor = Client().get("/policy/").content.decode()
        assert 'href="/moderation/">' not in visitor and "Sign in" in visitor


def test_a_kept_row_is_the_template_with_its_indentation_left_out(db):
    from django.template.loader import get_template

    row = queue_rows.QueueRow(
        public_id="abcd1234", priority="P1", selectable=True, in_spam=True, in_flagged=False, escalated=True, crisis=True,
        crisis_help_shown=False, screening_failed=True, content_warning=True, is_hidden=False, flag_count=2,
        flag_reasons=(("spam", 2),), spam_reasons=("a link <to> a shop", "40 similar stories"), duplicate_of="efgh5678",
        hashtag="#MeToo", language="en", text="It happened.\n\n  Twice, at   work.", held_by="",
    )
    rendered = get_template("moderation/queue_item.html").render(queue_rows._row_context(row))
    before, after = queue_rows._render_row("en", row)
    kept = before + queue_rows._WAITING_MARK + after
    assert len(kept) < len(rendered) - 50
    # The same tags and words in the same order, white space wherever the template had some: it reads the same.
    assert kept.split() == rendered.split()
    assert "Twice, at   work." in kept and "&lt;to&gt;" in kept  # a story's own text and the reasons, as they were


def test_rows_kept_by_their_listed_values_are_the_rows_of_their_queue_rows(client, db):
    """render_listed() keeps a row by the Listed row and what the viewer sees of it: the same HTML as
    render_rows() of row_for(), for each viewer, lane and moment, whichever was asked first."""
    stories = [screened_story(f"Story {n}: it happened where I worked, years ago.").story for n in range(4)]
    holder, other = moderator(), moderator()
    held(stories[0], holder)
    Review.objects.filter(story=stories[1]).update(lane=Lane.SPAM)
    Review.objects.filter(story=stories[2]).update(escalated=True, flag_count=2)
    flag_reasons = {stories[2].pk: Counter({"spam": 2})}
    spam_reasons = {stories[1].pk: ["a link to a shop", "40 similar stories"]}
    duplicates = {stories[3].pk: stories[0].public_id}
    now = timezone.now()
    listed = {lane: queue.queue_page(lane, moderator=holder).rows for lane in (Lane.QUEUE, Lane.SPAM)}
    assert sum(map(len, listed.values())) == 4
    queue_rows.forget_rows()
    for _ in range(2):  # rendered, then kept
        for viewer in (other, holder):
            for lane, rows in listed.items():
                for at in (now, now + datetime.timedelta(hours=3)):  # the hold has lapsed at the later moment
                    kept = queue_rows.render_listed(
                        rows, viewer_id=viewer.pk, page_lane=lane, now=at,
                        flag_reasons=flag_reasons, spam_reasons=spam_reasons, duplicates=duplicates,
                    )
                    fresh = queue_rows.render_rows([
                        (queue_rows.row_for(
                            review, viewer_id=viewer.pk, page_lane=lane, now=at,
                            flag_reasons=sorted(flag_reasons.get(review.story_id, {}).items()),
                            spam_reasons=spam_reasons.get(review.story_id, ()), duplicate_of=duplicates.get(review.story_id, ""),
                        ), review.entered_queue_at)
                        for review in rows
                    ], at)
                    assert kept == fresh, (viewer, lane, at)
    assert "Being reviewed by" in queue_rows.render_listed(
        listed[Lane.QUEUE], viewer_id=other.pk, page_lane=Lane.QUEUE, now=now, flag_reasons={}, spam_reasons={}, duplicates={},
    )
