"""Issue 13.6: HEAD answers 200 wherever GET does (uptime monitors, link checkers, embedding proxies)."""

import pytest

from stories import services
from stories.choices import Status

PAGES = ["/", "/stories/", "/c/metoo/", "/badge/metoo.svg", "/share/", "/my-story/", "/resources/", "/privacy/", "/policy/",
         "/healthz", "/api/v1/counts"]


@pytest.mark.parametrize("path", PAGES)
def test_head_answers_like_get(client, campaign, path):
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == 200, path
    assert head.status_code == 200, path
    assert head.content == b""


def test_head_on_a_story(client, campaign):
    story = services.submit_story(campaign=campaign, text="On the wall.", anonymity="anonymous").story
    services.change_story_status(story=story, status=Status.PUBLISHED)
    assert client.head(story.get_absolute_url()).status_code == 200
