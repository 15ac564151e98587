"""Managing a story with its key: /my-story/."""

import pytest
from django.core.management import call_command
from django.test import Client

from stories import counters, services
from stories.choices import Status
from stories.models import Story


@pytest.fixture
def submitted(campaign):
    return services.submit_story(campaign=campaign, text="At 14, a teacher kept me after class.", anonymity="anonymous")


def open_story(client, key):
    return client.post("/my-story/", {"key": key})


def test_it_asks_for_the_key(client, db):
    response = client.get("/my-story/")
    assert response.status_code == 200
    assert 'name="key"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_it_shows_the_status_in_plain_words(client, submitted):
    response = open_story(client, submitted.key)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Waiting for review" in body
    assert "At 14, a teacher kept me after class." in body
    assert "no-store" in response["Cache-Control"]


def test_it_accepts_the_key_typed_with_spaces_and_capitals(client, submitted):
    typed = "  " + submitted.key.replace("-", " ").upper() + " "
    assert "Waiting for review" in open_story(client, typed).content.decode()


def test_it_shows_a_published_date(client, submitted):
    story = submitted.story
    services.change_story_status(story=story, status=Status.PUBLISHED)
    assert "Published on" in open_story(client, submitted.key).content.decode()


@pytest.mark.parametrize("key", ["", "not-the-right-key-at-all-sorry-friend", "x" * 301])
def test_a_wrong_key_gets_one_generic_message(client, submitted, key):
    response = open_story(client, key)
    assert response.status_code == 400
    assert "At 14" not in response.content.decode()


def test_wrong_keys_are_rate_limited(client, submitted, settings):
    settings.RATE_LIMIT_KEY_TRIES = "3/h"
    statuses = [open_story(client, f"wrong key number {n} a b c d").status_code for n in range(4)]
    assert statuses == [400, 400, 400, 429]
    assert open_story(client, submitted.key).status_code == 429, "once used up, every try waits"


def test_a_correct_key_never_uses_up_the_limit(client, submitted, settings):
    """Issue 13.4: opening, editing and withdrawing with the right key are not counted."""
    settings.RATE_LIMIT_KEY_TRIES = "3/h"
    for _ in range(5):
        assert open_story(client, submitted.key).status_code == 200
        assert client.post("/my-story/edit/", {"key": submitted.key, "text": "At 14. Edited again."}).status_code == 200
    statuses = [open_story(client, f"wrong key number {n} a b c d").status_code for n in range(2)]
    assert statuses == [400, 400]
    assert open_story(client, submitted.key).status_code == 200, "two typos of three allowed: the key still opens"


def test_the_limit_answer_is_kind_and_says_when_to_try_again(client, submitted, settings):
    settings.RATE_LIMIT_KEY_TRIES = "1/h"
    open_story(client, "wrong key number one a b c d")
    response = open_story(client, "wrong key number two a b c d")
    body = response.content.decode()
    assert response.status_code == 429
    assert "You can try again in about" in body and "minute" in body
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "flood" not in body.lower()
    assert "no-store" in response["Cache-Control"]


def test_edit_goes_back_to_review(client, submitted, django_capture_on_commit_callbacks):
    services.change_story_status(story=submitted.story, status=Status.PUBLISHED)
    campaign_id = submitted.story.campaign_id
    assert counters.totals_by_campaign()[campaign_id]["stories_published"] == 1
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/my-story/edit/", {"key": submitted.key, "text": "At 14. I changed a detail."})
    assert response.status_code == 200
    story = Story.objects.get()
    assert story.text == "At 14. I changed a detail."
    assert story.status == Status.RECEIVED and story.version == 2 and story.published_at is None
    assert len(callbacks) == 1
    totals = counters.totals_by_campaign()[campaign_id]
    assert (totals["stories_published"], totals["stories_pending"]) == (0, 1)


def test_edit_with_bad_text_changes_nothing(client, submitted):
    response = client.post("/my-story/edit/", {"key": submitted.key, "text": "   "})
    assert response.status_code == 400
    assert "Please write your story" in response.content.decode()
    assert Story.objects.get().text == "At 14, a teacher kept me after class."


def test_edit_with_a_wrong_key_changes_nothing(client, submitted):
    response = client.post("/my-story/edit/", {"key": "nope nope nope nope nope nope nope", "text": "Hijacked"})
    assert response.status_code == 400
    assert Story.objects.get().text.startswith("At 14")


def test_withdraw_erases_the_text_and_the_key_stops_working(client, submitted, tmp_path):
    services.change_story_status(story=submitted.story, status=Status.PUBLISHED)
    campaign_id = submitted.story.campaign_id
    confirm = client.post("/my-story/withdraw/", {"key": submitted.key})
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert Story.objects.get().status == Status.PUBLISHED, "nothing happens before the author confirms"
    response = client.post("/my-story/withdraw/", {"key": submitted.key, "confirm": "yes"})
    assert response.status_code == 200
    assert "withdrawn" in response.content.decode()
    story = Story.objects.get()
    assert story.status == Status.WITHDRAWN and story.text == "" and story.key_hmac is None
    totals = counters.totals_by_campaign()[campaign_id]
    assert (totals["stories_published"], totals["stories_pending"], totals["voices"]) == (0, 0, 0)
    dump = tmp_path / "dump.json"
    call_command("dumpdata", output=str(dump), verbosity=0)
    assert "teacher kept me" not in dump.read_text()
    again = open_story(Client(), submitted.key)
    assert again.status_code == 400
    assert "withdrawn stories can no longer be opened" in again.content.decode()


@pytest.mark.parametrize("path", ["/my-story/edit/", "/my-story/withdraw/", "/my-story/appeal/"])
def test_actions_refuse_a_get_with_a_page_and_a_way_on(client, db, path):
    response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert 'id="quick-exit"' in body and 'href="/my-story/"' in body and 'href="/"' in body
