"""The flag endpoint answers the same for an id that does not exist and for a story that is not
on the wall (pending, rejected, withdrawn, hidden): flagging is no way to learn which ids are real."""

import re

import pytest

from moderation.models import Flag
from stories import services
from stories.choices import Status
from tests.factories import metoo


def submitted(text="It happened at work, more than once."):
    return services.submit_story(campaign=metoo(), text=text, anonymity="anonymous").story


def flag(client, public_id):
    return client.post(f"/stories/{public_id}/flag/", {"reason": "spam"})


def answer(response, public_id: str) -> tuple[int, str]:
    """Return the status and the page, less what differs on every response (the masked CSRF token, the URL)."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode()).replace(public_id, "ID")
    return response.status_code, page


@pytest.mark.parametrize("status", [Status.IN_REVIEW, Status.REJECTED, Status.WITHDRAWN, "hidden"])
def test_it_answers_a_story_off_the_wall_like_an_unknown_id(client, db, status):
    story = submitted()
    if status == "hidden":
        services.change_story_status(story=story, status=Status.PUBLISHED, hidden=True)
    else:
        services.change_story_status(story=story, status=status)
    unknown_id = story.public_id[::-1]
    unknown = answer(flag(client, unknown_id), unknown_id)
    assert unknown[0] == 404
    assert answer(flag(client, story.public_id), story.public_id) == unknown
    assert Flag.objects.count() == 0


def test_it_still_takes_a_flag_on_a_published_story(client, db):
    story = submitted()
    services.change_story_status(story=story, status=Status.PUBLISHED)
    assert flag(client, story.public_id).status_code == 302
    assert Flag.objects.count() == 1
