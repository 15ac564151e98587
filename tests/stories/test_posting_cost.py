"""Posting at the database's pace: a tap and a story do no work they do not need (issue 16)."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.models import Story, Tap


@pytest.fixture
def cache_calls(monkeypatch, locmem_cache):
    """Count the cache operations (each one a Redis round trip in production) on a local-memory cache."""
    calls = []
    for name in ("get", "add", "incr", "set", "get_many", "set_many"):
        original = getattr(LocMemCache, name)
        monkeypatch.setattr(LocMemCache, name, lambda self, key, *args, _name=name, _original=original, **kwargs: (
            calls.append((_name, str(key))), _original(self, key, *args, **kwargs))[1])
    return calls


def campaign_queries(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries if "stories_campaign" in query["sql"]]


def test_a_tap_reads_its_campaign_from_the_snapshot_not_the_database(client, campaign):
    client.get("/api/v1/counts")  # the snapshot is in the cache, as it nearly always is
    with CaptureQueriesContext(connection) as context:
        assert client.post("/c/metoo/metoo/").status_code == 302
    assert Tap.objects.count() == 1
    assert campaign_queries(context) == []


def test_a_tap_spends_one_cache_round_trip_on_its_rate_limit_and_none_on_the_salt(client, campaign, cache_calls):
    client.get("/api/v1/counts")
    client.post("/c/metoo/metoo/")  # the flood switch and the address salt are read once
    cache_calls.clear()
    from django.test import Client

    assert Client().post("/c/metoo/metoo/").status_code == 302  # another browser, same address
    assert not [call for call in cache_calls if "address-salt" in call[1]], cache_calls
    rate_limit = [call for call in cache_calls if call[1].startswith("rl:")]
    assert rate_limit == [("add", rate_limit[0][1]), ("incr", rate_limit[0][1])]  # one key: add, then count
    # the snapshot and the flood switch, and nothing else
    assert len(cache_calls) - len(rate_limit) <= 2, cache_calls


def test_a_campaign_newer_than_the_snapshot_takes_taps_and_stories(client, campaign):
    from tests.factories import CampaignFactory

    client.get("/api/v1/counts")
    CampaignFactory(slug="newer")
    assert client.post("/c/newer/metoo/").status_code == 302
    response = client.post("/share/", {"campaign": "newer", "text": "It happened at work.", "anonymity": "anonymous"})
    assert response.status_code == 200
    assert Story.objects.get().campaign.slug == "newer"


def test_the_story_form_takes_its_campaigns_from_the_snapshot(client, campaign):
    client.get("/api/v1/counts")
    with CaptureQueriesContext(connection) as context:
        response = client.post("/share/", {"campaign": "metoo", "text": "It happened at work.", "anonymity": "anonymous"})
    assert response.status_code == 200
    assert campaign_queries(context) == []
    assert Story.objects.count() == 1


def test_a_tap_within_a_minute_of_a_release_asks_nothing_about_releases(campaign, settings):
    from stories import services
    from stories.releases import release_now

    settings.RELEASE_MIN_SECONDS = 60
    for _ in range(settings.K_ANONYMITY_THRESHOLD):
        services.record_tap(campaign=campaign, context={})  # the k-th tap releases
    release_now(campaign.pk)
    services.record_tap(campaign=campaign, context={})  # reads the release once
    with CaptureQueriesContext(connection) as context:
        services.record_tap(campaign=campaign, context={})
    assert [q["sql"] for q in context.captured_queries if "stories_aggregaterelease" in q["sql"] or "SUM" in q["sql"].upper()] == []
