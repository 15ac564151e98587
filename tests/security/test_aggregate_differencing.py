"""Attack 1 (issue 15): differencing the published numbers around one forced or observed change.

The attacker reads every number, hides one published story (three flags did
it) or waits for a moderator to approve one, reads again, and subtracts:
before the fix, that story's every answer and its hour came out.
"""

import datetime

import time_machine
from django.core.cache import cache
from django.utils import timezone

from stories import services
from stories.choices import Status
from tests.factories import metoo
from tests.security.aggregate_helpers import publish_figures, published_numbers, published_story, set_status, tap

K = 10


def crowd(campaign) -> None:
    """Thirty voices, an hour earlier than the story under attack."""
    tap(campaign, 12, kind="harassment", setting="workplace", age_group="18-24", gender="woman")
    tap(campaign, 10, kind="assault", setting="online", relation="stranger", gender="woman")
    tap(campaign, 8)


def test_hiding_a_story_on_flags_moves_no_published_number(client, db):
    campaign = metoo()
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=3)):
        crowd(campaign)
    target = published_story(campaign, kind="assault", age_group="25plus", relation="other", told_before="no")
    publish_figures()
    before = published_numbers(client, campaign)

    # What three flags from one client did: moderation hides the story through this service.
    set_status(target, Status.PUBLISHED, hidden=True)

    after = published_numbers(client, campaign)
    assert after == before  # not one breakdown cell, hour or total moved


def test_one_approval_moves_no_breakdown_or_hour_and_a_release_covers_at_least_k_voices(client, db):
    campaign = metoo()
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=3)):
        crowd(campaign)
        publish_figures()  # the last release covers the 30 voices
    story = services.submit_story(
        campaign=campaign, text="It happened at work.", anonymity="anonymous",
        context={"kind": "assault", "age_group": "25plus", "relation": "other", "told_before": "no"},
    ).story
    set_status(story, Status.IN_REVIEW)  # screened; it waits for a moderator
    before = published_numbers(client, campaign)

    set_status(story, Status.PUBLISHED)  # the moderator approves it; the attacker polls

    after = published_numbers(client, campaign)
    for name in before:
        if name != "totals":
            assert after[name] == before[name], name
    # The headline count is live: it says one more voice, never whose answers or which hour.
    assert after["totals"]["voices"] == before["totals"]["voices"] + 1

    # The next release comes only once k voices changed, so a difference covers at least k voices.
    tap(campaign, K - 2)
    assert published_numbers(client, campaign)["campaign_breakdowns"] == before["campaign_breakdowns"]
    tap(campaign, 1)
    cache.clear()
    released = client.get("/api/v1/counts", {"campaign": campaign.slug}).json()
    assert released["released_voices"] - 30 >= K
    assert released["breakdowns"] != before["campaign_breakdowns"]


def test_the_released_numbers_live_in_the_database_not_in_a_process(client, db):
    campaign = metoo()
    crowd(campaign)
    first = published_numbers(client, campaign)
    tap(campaign, 3, kind="both")  # fewer than k changes
    cache.clear()  # every process restarted and the cache emptied: nothing to difference
    again = published_numbers(client, campaign)
    for name in ("breakdowns", "campaign_breakdowns", "timeline_hour", "campaign_timeline_hour", "campaign_timeline_day"):
        assert again[name] == first[name], name


def test_releases_come_at_most_once_a_minute_however_fast_voices_change(client, db, settings):
    settings.RELEASE_MIN_SECONDS = 60
    campaign = metoo()
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        tap(campaign, K, kind="both")  # the first release
        assert client.get("/api/v1/counts").json()["released_voices"] == K
        tap(campaign, 3 * K, kind="assault")  # many more changes within the minute
        cache.clear()
        assert client.get("/api/v1/counts").json()["released_voices"] == K
    with time_machine.travel(now + datetime.timedelta(seconds=61), tick=False):
        tap(campaign, 1)
        cache.clear()
        assert client.get("/api/v1/counts").json()["released_voices"] == 4 * K + 1
