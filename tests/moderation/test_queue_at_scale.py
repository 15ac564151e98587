"""The queue of 10,000: counts per lane and priority, the oldest wait, keyset pages, near-duplicate links, a fixed query count."""

import datetime
import html
import re

from django.utils import timezone

from moderation import queue
from moderation.models import Lane, Review, Signal
from stories import services as story_services
from stories.choices import Status
from stories.models import Story
from tests.factories import StoryFactory
from tests.moderation.helpers import moderator, screened_story


def waiting(n, *, priority="P3", lane=Lane.QUEUE, minutes_ago=0):
    start = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    stories = StoryFactory.create_batch(n, status=Status.IN_REVIEW)
    Review.objects.bulk_create([
        Review(story=story, priority=priority, lane=lane, entered_queue_at=start + datetime.timedelta(seconds=i))
        for i, story in enumerate(stories)
    ])
    return stories


def test_it_counts_each_lane_by_priority_with_the_oldest_wait(db):
    waiting(3, priority="P1", minutes_ago=90)
    waiting(2, priority="P3")
    waiting(1, lane=Lane.SPAM)
    decided = waiting(4, lane=Lane.DONE)
    counts = queue.lane_counts()
    assert counts["queue"] == 5 and counts["spam"] == 1
    assert counts["by_priority"]["queue"] == [("P1", 3), ("P3", 2)]
    assert timezone.now() - counts["oldest"]["queue"] >= datetime.timedelta(minutes=89)
    assert decided  # decided reviews are not counted anywhere
    assert sum(n for _p, n in counts["by_priority"]["queue"]) == 5


def listed(body) -> list[str]:
    """The stories the page lists, in order (read from the page: it is spliced, not rendered, moderation/queue_skeleton.py)."""
    return re.findall(r'<li class="queue-item[^"]*" data-story="([^"]+)"', body)


def test_it_pages_by_keyset_and_jumps_to_a_priority(client, db):
    waiting(60, priority="P3")
    urgent = waiting(2, priority="P1")
    client.force_login(moderator())
    first = client.get("/moderation/")
    assert first.status_code == 200
    body = first.content.decode()
    assert urgent[0].public_id in body
    more = re.search(r'<a href="\?([^"]+)" rel="next">', body)
    assert more is not None
    query = html.unescape(more[1])
    assert query.startswith("lane=queue&after=")
    second = client.get(f"/moderation/?{query}")
    shown_first, shown_second = set(listed(body)), set(listed(second.content.decode()))
    assert len(shown_first) == 25 and len(shown_second) == 25 and not shown_first & shown_second
    jumped = listed(client.get("/moderation/", {"start_at": "P3"}).content.decode())
    priorities = dict(Story.objects.filter(public_id__in=jumped).values_list("public_id", "review__priority"))
    assert jumped and all(priorities[public_id] == "P3" for public_id in jumped)


def test_it_links_a_near_duplicate_to_the_story_it_repeats(client, db):
    original, copy = waiting(2)
    Signal.objects.create(
        story=copy, version=copy.version, type="duplicate", start=0, end=10, confidence=0.93,
        reason=f"near duplicate of story {original.public_id} (93% similar)", text_hash="x",
    )
    client.force_login(moderator())
    body = client.get("/moderation/").content.decode()
    assert f'href="/moderation/story/{original.public_id}/"' in body


def test_the_queue_page_reads_in_a_fixed_number_of_queries_and_one_post_form(client, db, django_assert_max_num_queries):
    waiting(120, priority="P2")
    waiting(30, lane=Lane.FLAGGED, priority="P2")
    waiting(500, lane=Lane.DONE)
    client.force_login(moderator())
    client.get("/moderation/")  # the session remembers the lane once
    with django_assert_max_num_queries(12):
        response = client.get("/moderation/")
    body = response.content.decode()
    main = body[body.index("<main"):body.index("</main>")]
    # One form (and one token) for the whole list: 150 stories open through it.
    assert main.count('method="post"') == 1
    assert main.count("csrfmiddlewaretoken") == 1


def test_the_spam_bin_shows_the_moderator_why_each_story_is_there(client, db):
    [story] = waiting(1, lane=Lane.SPAM)
    Signal.objects.create(
        story=story, version=story.version, type="flood", start=0, end=10, confidence=0.9,
        reason="40 similar stories in the flood window", text_hash="x",
    )
    [bare] = waiting(1, lane=Lane.SPAM)
    client.force_login(moderator())
    body = client.get("/moderation/", {"lane": "spam"}).content.decode()
    assert "In the spam bin because:</strong> 40 similar stories in the flood window" in body
    assert bare.public_id in body and "no reason recorded" in body


def test_a_withdrawn_story_leaves_the_lanes_and_their_counts(db):
    story = screened_story().story
    assert queue.lane_counts()["queue"] == 1
    story_services.withdraw_story(story=story)
    assert queue.lane_counts()["queue"] == 0
    assert Review.objects.get(story=story).lane == Lane.DONE
