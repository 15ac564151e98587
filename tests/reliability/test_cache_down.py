"""Graceful degradation: with the cache (Redis) down, pages render from the database and posting pauses.

Runs everywhere (SQLite or PostgreSQL): the cache is pointed at a closed port.
"""

import pytest

from stories.models import Story
from tests.factories import metoo


@pytest.fixture
def published(db):
    from stories.choices import Status
    from stories.services import change_story_status, submit_story

    story = submit_story(campaign=metoo(), text="It was my coach. I was 14.", anonymity="anonymous").story
    return change_story_status(story=story, status=Status.PUBLISHED)


@pytest.mark.parametrize("path", ["/", "/stories/", "/my-story/", "/c/metoo/", "/share/", "/resources/", "/api/v1/counts"])
def test_pages_render_with_the_cache_down(client, published, cache_down, path):
    response = client.get(path)
    assert response.status_code == 200


def test_the_wall_counts_come_from_the_database_with_the_cache_down(client, published, cache_down):
    from stories.services import record_tap

    record_tap(campaign=published.campaign, context={})
    response = client.get("/api/v1/counts")
    assert response.status_code == 200
    total = response.json()["total"]
    assert (total["taps"], total["stories_published"], total["voices"]) == (1, 1, 2)


def test_a_story_is_not_saved_while_limits_cannot_be_counted(client, db, cache_down):
    metoo()
    response = client.post("/share/", {"campaign": "metoo", "text": "Sent while Redis was down.", "anonymity": "anonymous"})
    assert response.status_code == 503
    assert "try again" in response.content.decode().lower()
    assert not Story.objects.exists()


def test_healthz_says_the_cache_is_down(client, db, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down" and response.json()["database"] == "ok"
