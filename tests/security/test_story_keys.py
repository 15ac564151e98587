"""Promise 10, the cases tests/stories/test_share.py and test_my_story.py do not cover:
key guesses share one budget across every form that takes a key, and a key is in no cache
entry and no log line. (Only the HMAC is stored: test_share.py::test_the_key_is_stored_nowhere;
guessing is limited: test_my_story.py::test_wrong_keys_are_rate_limited.)"""

import logging
import pickle

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from stories import services
from stories.story_keys import key_hmac, new_story_key
from tests.factories import metoo


def everything_cached() -> dict:
    """Every key and value in the test cache: local memory, or Redis in CI."""
    backend = caches["default"]
    if isinstance(backend, LocMemCache):
        return {key: pickle.loads(value) for key, value in backend._cache.items()}  # noqa: S301 -- our own test cache
    client = backend._cache.get_client()
    return {key: client.get(key) for key in client.scan_iter()}


@pytest.fixture
def submitted(db):
    return services.submit_story(campaign=metoo(), text="At 14, a teacher kept me after class.", anonymity="anonymous")


def test_guesses_share_one_budget_across_every_form_that_takes_a_key(client, submitted, settings):
    settings.RATE_LIMIT_KEY_TRIES = "4/h"
    guesses = [
        client.post(path, {"key": f"wrong guess {n} a b c d e", "text": "x", "message": "x"}).status_code
        for n, path in enumerate(["/my-story/", "/my-story/edit/", "/my-story/withdraw/", "/my-story/appeal/"])
    ]
    assert guesses == [400, 400, 400, 400]
    # The fifth try is refused even with the right key, whichever form it comes through.
    assert client.post("/my-story/withdraw/", {"key": submitted.key}).status_code == 429
    assert client.post("/my-story/", {"key": submitted.key}).status_code == 429


def test_the_key_is_in_no_cache_entry_and_no_log_line(client, submitted, caplog, settings):
    with caplog.at_level(logging.DEBUG):
        client.post("/my-story/", {"key": submitted.key})
        client.post("/my-story/edit/", {"key": submitted.key, "text": "   "})
        client.post("/my-story/", {"key": "wrong " + submitted.key})
    dumped = repr(everything_cached())
    for form in (submitted.key, submitted.key.replace("-", " ")):
        assert form not in dumped
        assert form not in caplog.text


def test_keys_are_long_and_their_hmac_is_keyed(settings):
    key = new_story_key()
    assert len(key.split("-")) >= 7
    first = key_hmac(key)
    settings.STORY_KEY_SECRET = "another secret"
    assert key_hmac(key) != first, "the HMAC depends on a server secret, so a leaked table cannot be searched offline"
    assert key not in first
