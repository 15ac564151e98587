"""The home page and campaign pages: numbers from counters, cache, charts, replica reads."""

import datetime

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stories import counters, releases, services, wall
from stories.choices import Status
from stories.models import Campaign, Story
from tests.factories import CampaignFactory, StoryFactory


def tap(campaign, **context):
    return services.record_tap(campaign=campaign, context=context)


def release_all() -> None:
    """Publish every campaign's figures now, before k changes (tests only)."""
    for campaign in Campaign.objects.all():
        releases.release_now(campaign.pk)


def publish(story: Story) -> Story:
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        return services.change_story_status(story=locked, status=Status.PUBLISHED)


def pending_story(campaign, **fields) -> Story:
    story = StoryFactory(campaign=campaign, status=Status.IN_REVIEW, **fields)
    counters.count_story_change(story, before=None)
    return story


def test_it_shows_the_total_per_campaign_and_story_counts(client, campaign):
    other = CampaignFactory(slug="notokay", hashtag="#NotOkay")
    for _ in range(3):
        tap(campaign)
    tap(other)
    publish(pending_story(campaign, text="I never told anyone."))
    pending_story(campaign)
    release_all()

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-live="total-voices">5<' in page
    assert 'data-live="campaign-metoo">4<' in page
    assert 'data-live="campaign-notokay">1<' in page
    assert 'data-live="stories-published">1<' in page
    assert 'data-live="stories-pending">1<' in page
    assert "I never told anyone." in page
    assert "<svg" in page and "timeline-svg" in page
    assert "<table" in page


def test_it_is_complete_without_javascript_and_loads_only_own_scripts(client, campaign):
    tap(campaign, kind="assault")
    page = client.get("/").content.decode()
    assert "<script>" not in page  # no inline script
    assert 'src="/static/js/live-counts.js"' in page
    assert 'data-live-counts="/api/v1/counts"' in page
    assert "http://" not in page.replace('href="http', "")  # nothing loaded from another origin


@pytest.mark.parametrize("rows", [2, 25])
def test_it_reads_home_in_a_fixed_number_of_queries(client, campaign, django_assert_max_num_queries, rows):
    other = CampaignFactory()
    for index in range(rows):
        tap(campaign if index % 2 else other, kind="harassment", setting="online")
        publish(pending_story(campaign))
    # campaigns, totals, breakdowns, voices since, timeline, latest stories,
    # and the tap form's proof-of-work switch (cached by posting for 5 s)
    with django_assert_max_num_queries(7):
        assert client.get("/").status_code == 200


def test_it_caches_the_numbers_for_a_few_seconds(client, campaign, django_assert_num_queries):
    tap(campaign)
    client.get("/")
    with django_assert_num_queries(1):  # the latest stories only
        response = client.get("/")
    assert 'data-live="total-voices">1<' in response.content.decode()


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = get


def test_it_still_renders_when_the_cache_is_down(client, campaign, monkeypatch):
    tap(campaign)
    monkeypatch.setattr(wall, "cache", BrokenCache())
    response = client.get("/")
    assert response.status_code == 200
    assert 'data-live="total-voices">1<' in response.content.decode()


def test_it_rejects_a_post_to_home(client, db):
    assert client.post("/").status_code == 405


def test_it_ignores_a_bad_bucket_with_a_message(client, campaign):
    tap(campaign)
    response = client.get("/?bucket=<script>")
    assert response.status_code == 200
    assert "did not understand that chart setting" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_it_switches_the_timeline_between_hours_and_days(client, campaign):
    tap(campaign)
    assert "Voices per hour" in client.get("/?bucket=hour").content.decode()
    assert "Voices per day" in client.get("/?bucket=day").content.decode()


def test_it_charts_a_young_campaign_per_hour_and_an_old_one_per_day(campaign):
    now = timezone.now()
    assert wall.default_bucket(now - datetime.timedelta(hours=10), now) == wall.HOUR
    assert wall.default_bucket(now - datetime.timedelta(hours=80), now) == wall.DAY


def test_it_fills_timeline_gaps_with_zero(campaign):
    hour = counters.truncate_to_hour(timezone.now()) - datetime.timedelta(hours=3)
    counters.add(campaign.pk, {("voices", hour): 12, ("voices", hour + datetime.timedelta(hours=3)): 15})
    releases.release_now(campaign.pk)
    points = wall.timeline(wall.compute_snapshot(), campaign, wall.HOUR)
    assert [voices for _start, voices in points] == [12, 0, 0, 15]


def test_it_orders_rising_campaigns_by_recent_voices(client, campaign):
    quiet = CampaignFactory(slug="quiet", hashtag="#Quiet")
    loud = CampaignFactory(slug="loud", hashtag="#Loud")
    old_hour = counters.truncate_to_hour(timezone.now()) - datetime.timedelta(hours=5)
    counters.add(quiet.pk, {("voices", old_hour): 500, ("taps", counters.EPOCH): 500})
    for _ in range(12):
        tap(loud)
    for _ in range(11):
        tap(campaign)
    release_all()
    rows = wall.compute_snapshot().rising()
    assert [row.campaign.slug for row in rows] == ["loud", "metoo"]
    assert "#Quiet" not in client.get("/").content.decode().split("Rising now")[1].split("</section>")[0]


def test_it_shows_a_campaign_page_with_its_own_numbers(client, campaign):
    tap(campaign, setting="workplace")
    response = client.get("/c/metoo/")
    assert response.status_code == 200
    assert 'data-live="campaign-metoo">1<' in response.content.decode()
    assert client.get("/c/nope/").status_code == 404
    assert client.post("/c/metoo/").status_code == 405


def test_it_shows_small_breakdown_cells_as_hidden_without_a_bound(client, campaign):
    # Was "fewer than 10": a label that publishes a bound (issue 15, attack 2).
    for _ in range(12):
        tap(campaign, kind="assault")
    for _ in range(8):
        tap(campaign, kind="harassment")
    release_all()
    page = client.get("/").content.decode()
    assert "fewer than 10" not in page
    table = page.split("What happened</caption>")[1].split("</table>")[0]
    assert table.count(">hidden<") >= 2


# --- Read replica --------------------------------------------------------------------


@pytest.fixture
def replica(settings):
    """Read the wall from the "replica" alias (tests/settings.py: a TEST MIRROR of default), router on."""
    settings.WALL_DATABASE = "replica"
    settings.DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    return connections["replica"]


replica_test = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@replica_test
@pytest.mark.parametrize("path", ["/", "/api/v1/counts", "/stories/", "/c/metoo/"])
def test_it_reads_the_wall_from_the_replica(client, replica, path):
    from tests.factories import metoo

    campaign = metoo()
    tap(campaign)
    with CaptureQueriesContext(connections["default"]) as on_default, CaptureQueriesContext(replica) as on_replica:
        assert client.get(path).status_code == 200
    assert len(on_replica.captured_queries) >= 1
    # The tap form's proof-of-work switch is staff state, read from the primary on purpose.
    assert [q["sql"] for q in on_default.captured_queries if "stories_floodswitch" not in q["sql"]] == []


@replica_test
def test_it_writes_to_the_primary_even_with_a_replica(client, replica):
    from tests.factories import metoo

    story = publish(pending_story(metoo()))
    with CaptureQueriesContext(replica) as on_replica:
        response = client.post(f"/stories/{story.public_id}/believe/")
    assert response.status_code == 302
    assert Story.objects.using("default").get(pk=story.pk).believed == 1
    assert not [q for q in on_replica.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]


@replica_test
def test_it_keeps_reads_inside_a_write_on_the_primary(replica):
    assert wall.wall_db() == "replica"
    with transaction.atomic():
        assert wall.wall_db() == "default"


def test_it_routes_writes_and_migrations_to_the_primary():
    from config.db_router import ReplicaRouter

    router = ReplicaRouter()
    assert router.db_for_write(Story) == "default"
    assert router.db_for_read(Story) is None
    assert router.allow_migrate("default", "stories")
    assert not router.allow_migrate("replica", "stories")
