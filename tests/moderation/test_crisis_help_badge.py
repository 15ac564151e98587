"""Issue 13.1: the queue says only what really happened at posting (Story.crisis_help_shown), never a guess."""

from stories.models import Story
from tests.moderation.helpers import moderator, screened_story

CRISIS = "I don't want to be alive anymore. Nobody believed me when I told them about my uncle."


def test_a_crisis_story_whose_author_saw_crisis_help_says_so_in_the_queue(client, db):
    story = screened_story(CRISIS).story
    assert story.crisis_help_shown  # decided in the request, at posting
    client.force_login(moderator())
    page = client.get("/moderation/").content.decode()
    assert "crisis help shown at posting" in page and "no crisis help shown at posting" not in page


def test_a_crisis_story_whose_author_saw_no_crisis_help_says_that_instead(client, db):
    story = screened_story(CRISIS).story
    Story.objects.filter(pk=story.pk).update(crisis_help_shown=False)  # e.g. posted before the check existed
    client.force_login(moderator())
    page = client.get("/moderation/").content.decode()
    assert "no crisis help shown at posting" in page
    review = client.get(f"/moderation/story/{story.public_id}/")
    assert review.status_code == 200
    assert "no crisis help shown at posting" in review.content.decode()
