"""A NUL byte (or other junk) in a staff filter answers 400 and filters nothing, never a 500 (issue 15)."""

import pytest

from tests.moderation.helpers import moderator, screened_story

QUEUE_FILTERS = ["signal_type", "language", "campaign", "priority", "lane", "after", "start_at"]
AUDIT_FILTERS = ["action", "story", "actor"]


@pytest.mark.parametrize("name", QUEUE_FILTERS)
def test_it_answers_400_for_a_nul_byte_in_a_queue_filter(client, db, name):
    story = screened_story().story
    client.force_login(moderator())
    response = client.get("/moderation/", {name: "a\x00b"})
    assert response.status_code == 400
    assert story.public_id in response.content.decode(), "nothing is filtered"


@pytest.mark.parametrize("name", AUDIT_FILTERS)
def test_it_answers_400_for_a_nul_byte_in_an_audit_filter(client, db, name):
    client.force_login(moderator("senior moderator"))
    response = client.get("/moderation/audit/", {name: "\x00"})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_a_garbled_cursor_starts_from_the_top(client, db):
    story = screened_story().story
    client.force_login(moderator())
    response = client.get("/moderation/", {"after": "P1~99999999999999999999~1"})
    assert response.status_code in (200, 400)
    assert story.public_id in response.content.decode()
