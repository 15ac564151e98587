"""Flags that cannot be weaponised: distinct flaggers, spread over time, floods alert staff (issue 15, attack 4)."""

import datetime

from django.core import mail
from django.test import Client
from django.utils import timezone

from moderation.digest import send_queue_digest
from moderation.models import AuditEntry, Flag, Lane, Review
from moderation.queue import lane_reviews
from stories.models import Story
from tests.moderation.helpers import moderator
from tests.moderation.test_appeals_flags_audit import published_story


def flag(story, address, reason="harmful"):
    return Client(REMOTE_ADDR=address).post(f"/stories/{story.public_id}/flag/", {"reason": reason})


def test_it_counts_one_flagger_once_even_with_fresh_cookie_jars(db, settings):
    settings.MODERATION_FLAGS_SPREAD_MINUTES = 0
    story = published_story()
    for _ in range(5):
        assert flag(story, "10.1.1.1").status_code == 302
    story.refresh_from_db()
    assert not story.is_hidden
    assert Review.objects.get(story=story).flag_count == 1
    assert Flag.objects.filter(story=story).count() == 1


def test_it_keeps_the_flagger_hmac_out_of_every_database_row(db):
    story = published_story()
    flag(story, "10.1.1.2")
    rows = [str(row) for row in AuditEntry.objects.values_list("detail", flat=True)]
    rows += [str(row) for row in Flag.objects.values()]
    stored = " ".join(rows)
    assert "flagged-by" not in stored
    assert not any(len(word) == 32 and all(c in "0123456789abcdef" for c in word) for word in stored.replace("'", " ").split())


def test_it_hides_only_on_distinct_flaggers_spread_over_time(db, settings, time_machine):
    settings.MODERATION_FLAGS_TO_HIDE = 3
    settings.MODERATION_FLAGS_SPREAD_MINUTES = 30
    story = published_story()
    for n in range(3):  # three addresses, seconds apart: a scanner, not three readers
        flag(story, f"10.2.0.{n}")
    story.refresh_from_db()
    assert not story.is_hidden
    review = Review.objects.get(story=story)
    assert review.lane == Lane.FLAGGED and review.flag_count == 3
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=31))
    flag(story, "10.2.0.9")
    story.refresh_from_db()
    assert story.is_hidden


def test_a_flag_lifts_the_story_to_the_top_of_its_lane_at_once(db):
    older = published_story()
    newer = published_story()
    flag(older, "10.3.0.1", reason="spam")
    flag(newer, "10.3.0.2", reason="identifies-me-or-someone")
    order = [review.story_id for review in lane_reviews(Lane.FLAGGED)]
    assert order[0] == newer.pk


def test_a_flood_of_flags_alerts_staff_instead_of_hiding(db, settings, time_machine):
    settings.MODERATION_FLAGS_TO_HIDE = 2
    settings.MODERATION_FLAGS_SPREAD_MINUTES = 0
    settings.MODERATION_FLAG_FLOOD_PER_HOUR = 5
    stories = [published_story() for _ in range(4)]
    for n, story in enumerate(stories):
        flag(story, f"10.4.{n}.1")
        flag(story, f"10.4.{n}.2")
    hidden = Story.objects.filter(pk__in=[s.pk for s in stories], is_hidden=True).count()
    assert hidden < len(stories)
    assert AuditEntry.objects.filter(action="flag_flood").count() == 1
    assert all(Review.objects.get(story=s).lane == Lane.FLAGGED for s in stories)


def test_the_daily_digest_reports_a_flood_of_flags_even_when_the_queue_is_short(db, settings):
    settings.MODERATION_DIGEST_THRESHOLD = 1000
    settings.MODERATION_FLAG_FLOOD_PER_HOUR = 2
    moderator(email="mod@example.org")
    story = published_story()
    for n in range(4):
        flag(story, f"10.5.0.{n}")
    assert send_queue_digest() == 1
    assert "flood" in mail.outbox[0].body


def test_the_queue_page_shows_a_banner_during_a_flood_of_flags(client, db, settings):
    settings.MODERATION_FLAG_FLOOD_PER_HOUR = 1
    story = published_story()
    flag(story, "10.6.0.1")
    client.force_login(moderator())
    assert "A flood of flags is arriving" not in client.get("/moderation/").content.decode()
    flag(story, "10.6.0.2")
    assert "A flood of flags is arriving" in client.get("/moderation/").content.decode()
