"""A wave of similar testimonies is not spam; an automated flood is (issue 17.1)."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from moderation.models import Lane, Review, Signal
from moderation.screening import screen_text
from stories import flood_memory
from stories.models import Story

ROLES = ["boss", "manager", "coach", "teacher", "uncle", "neighbour", "landlord", "professor", "supervisor", "pastor"]
PLACES = ["at work", "at a party", "in his car", "in the office", "at training", "at church", "at home"]
AFTER = [
    "I never told anyone.", "Nobody believed me.", "I left the job a month later.",
    "It took me years to say it.", "I still think about it.", "My mother said to forget it.",
]
PROMOTION = "Make $500 a day working from home! DM me for the link, limited spots. bit.ly/7kQz2"


def a_testimony(rng: random.Random) -> str:
    return (f"Me too. I was assaulted by my {rng.choice(ROLES)} {rng.choice(PLACES)} when I was "
            f"{rng.randint(13, 35)}. {rng.choice(AFTER)} {rng.choice(AFTER)}")


def post(text: str, address: str):
    response = Client(REMOTE_ADDR=address).post("/share/", {"campaign": "metoo", "text": text, "anonymity": "anonymous"})
    assert response.status_code == 200
    return response


@pytest.fixture
def many_posts_allowed(settings):
    settings.RATE_LIMIT_STORIES = "1000/h"


def test_a_wave_of_50_similar_testimonies_from_50_addresses_stays_out_of_the_spam_lane(
    campaign, many_posts_allowed, django_capture_on_commit_callbacks
):
    rng = random.Random(171)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(50):
            post(a_testimony(rng), f"198.51.100.{n + 1}")
    assert Story.objects.count() == 50
    assert Review.objects.count() == 50
    assert not Review.objects.filter(lane=Lane.SPAM).exists()


def test_50_identical_promotional_posts_from_3_addresses_land_in_the_spam_lane_with_the_reason(
    campaign, many_posts_allowed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(50):
            post(PROMOTION, f"203.0.113.{n % 3 + 1}")
    reviews = Review.objects.all()
    assert reviews.count() == 50
    assert set(reviews.values_list("lane", flat=True)) == {Lane.SPAM}
    last = Story.objects.order_by("-created_at").first()
    reasons = set(Signal.objects.filter(story=last, type__in=["spam", "flood"]).values_list("reason", flat=True))
    assert any("from 3 sender" in r for r in reasons)
    assert any("advertising" in r or "money from home" in r for r in reasons)


def test_the_same_plain_text_again_and_again_from_one_address_is_a_machine(
    campaign, many_posts_allowed, django_capture_on_commit_callbacks
):
    text = "This happened to me and to many others, and nobody listens to us at all."
    for _ in range(6):
        with django_capture_on_commit_callbacks(execute=True):  # screened as it comes, like a worker
            post(text, "192.0.2.7")
    lanes = list(Review.objects.order_by("story__created_at", "entered_queue_at").values_list("lane", flat=True))
    assert lanes[:4] == [Lane.QUEUE] * 4
    assert lanes[-1] == Lane.SPAM


def test_the_flood_memory_keeps_neither_the_address_nor_its_hmac(campaign, many_posts_allowed, locmem_cache):
    post("A story told once, long enough to be counted by the flood memory.", "192.0.2.55")
    from config.client_address import address_hmac

    keys = [str(key) for key in cache._cache]  # a local-memory cache (fixture), so every key can be read
    flood_keys = [key for key in keys if "flood:" in key]
    assert flood_keys
    secret = address_hmac("192.0.2.55")
    assert not [key for key in keys if "192.0.2.55" in key or secret in key]
    assert not [value for key, value in cache._cache.items() if "flood:" in str(key) and secret.encode() in bytes(value)]
    assert flood_memory.same_text("A story told once, long enough to be counted by the flood memory.").copies == 1


def test_similarity_alone_is_shown_but_never_moves_the_lane():
    text = "I was 19 and he was my manager. He cornered me in the storeroom after closing."
    result = screen_text(text, recent_similar_count=40)
    assert "flood" in result.types
    assert result.lane == "queue" and result.lane_reason == ""


def test_a_machine_flood_is_told_apart_by_its_few_senders():
    text = "I was 19 and he was my manager. He cornered me in the storeroom after closing."
    assert screen_text(text, same_text_copies=20, same_text_senders=20).lane == "queue"
    flooded = screen_text(text, same_text_copies=20, same_text_senders=2)
    assert flooded.lane == "spam"
    assert "20 times from 2 sender" in flooded.lane_reason


def test_the_flood_memory_forgets_after_the_flood_window(settings, time_machine, locmem_cache):
    settings.SCREENING_FLOOD_MINUTES = 1
    flood_memory.remember_submission(text="Same words", sender="abc")
    flood_memory.remember_submission(text="same   WORDS!", sender="abc")
    assert flood_memory.same_text("Same words") == flood_memory.SameText(2, 1)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    assert flood_memory.same_text("Same words") == flood_memory.SameText(0, 0)
