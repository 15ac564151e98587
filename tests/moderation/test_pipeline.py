"""Screening a story: the task, its signals, the queue priority, the sweeper."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings

from moderation import services
from moderation.models import AuditEntry, Lane, Review, Signal
from moderation.tasks import screen_story, sweep_unscreened
from stories import services as story_services
from stories.choices import Status
from stories.models import Story
from tests.factories import metoo
from tests.moderation.helpers import screened_story

PHONE_STORY = "He kept calling me at 555-0100? No: call him at +1 202-555-0147. I was 19, in 1998."


def test_saving_a_story_queues_screening_on_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = story_services.submit_story(campaign=metoo(), text="At 8, at 12, at 14 at 19. Me too.", anonymity="anonymous")
    story = Story.objects.get(pk=submitted.story.pk)
    assert story.status == Status.IN_REVIEW
    assert story.review.priority == "P3" and story.review.lane == Lane.QUEUE


def test_it_stores_signals_with_a_hash_never_the_text(db):
    story = screened_story(PHONE_STORY).story
    phones = Signal.objects.filter(story=story, type="phone")
    assert phones.count() == 1
    signal = phones.get()
    assert story.text[signal.start:signal.end] == "+1 202-555-0147"
    assert len(signal.text_hash) == 64
    assert "202" not in signal.reason and "202" not in signal.text_hash
    assert story.review.priority == "P1"


def test_ages_and_years_are_not_phone_numbers(db):
    story = screened_story("at 8, at 12, at 14 at 19. It started in 1998 and ended 2003-2009.").story
    assert not Signal.objects.filter(story=story, type="phone").exists()


def test_crisis_language_comes_first_and_the_author_sees_crisis_resources(client, db):
    submitted = screened_story("Since it happened I want to kill myself every day.")
    assert submitted.story.review.priority == "P0" and submitted.story.review.crisis
    body = client.post("/my-story/", {"key": submitted.key}).content.decode()
    assert body.index("You don't have to carry this alone") < body.index("Status:")


def test_the_task_is_idempotent(db):
    submitted = story_services.submit_story(campaign=metoo(), text=PHONE_STORY, anonymity="anonymous")
    screen_story.apply(args=(submitted.story.pk,))
    screen_story.apply(args=(submitted.story.pk,))
    assert Signal.objects.filter(story=submitted.story).count() == Signal.objects.filter(story=submitted.story).values("type", "start").distinct().count()
    assert AuditEntry.objects.filter(action="screened", story_public_id=submitted.story.public_id).count() == 1
    assert Review.objects.filter(story=submitted.story).count() == 1


def test_the_task_returns_quietly_for_a_story_that_is_gone(db):
    assert services.screen_story_by_id(story_id=987654) is False
    screen_story.apply(args=(987654,))


def test_a_withdrawn_story_is_not_screened(db):
    submitted = story_services.submit_story(campaign=metoo(), text="Withdrawn before screening.", anonymity="anonymous")
    story_services.withdraw_story(story=submitted.story)
    assert services.screen_story_by_id(story_id=submitted.story.pk) is False


def test_an_exact_duplicate_alone_is_flagged_but_stays_in_the_queue(db):
    # Issue 17.1: posting twice is what a person does; a machine is told by its pace and few senders
    # (stories.flood_memory, tests/moderation/test_screening_wave_vs_flood.py). Was: spam bin.
    text = "This is the same long story posted twice by a script, word for word."
    screened_story(text)
    second = screened_story(text).story
    assert second.review.lane == Lane.QUEUE
    assert Signal.objects.filter(story=second, type="duplicate", confidence=1.0).exists()


def test_a_recent_story_edited_since_is_compared_by_its_new_text(db):
    # The worker keeps recent stories' texts across tasks by (public id, version): an edit is a new version.
    first = screened_story("The first words of a story that its author will rewrite entirely later on.").story
    screened_story("Another story, screened in between, so the worker has already read the first one.")
    story_services.edit_story(story=first, text="A rewritten story about a night bus, a stranger and a long walk home.",
                              content_warning=False)
    again = screened_story("The first words of a story that its author will rewrite entirely later on.").story
    assert not Signal.objects.filter(story=again, type="duplicate").exists()
    copy = screened_story("A rewritten story about a night bus, a stranger and a long walk home.").story
    assert Signal.objects.filter(story=copy, type="duplicate", confidence=1.0).exists()


def test_a_withdrawn_recent_story_is_no_longer_compared(db):
    text = "A story its author withdrew after a day, long enough to be compared with others."
    first = screened_story(text).story
    story_services.withdraw_story(story=first)
    assert not Signal.objects.filter(story=screened_story(text).story, type="duplicate").exists()


def test_a_flood_of_similar_stories_goes_to_the_spam_bin(db, settings):
    for n in range(6):
        last = screened_story(f"Buy followers now, the best offer for everyone today, number {n}!").story
    assert last.review.lane == Lane.SPAM
    assert Signal.objects.filter(story=last, type="flood").exists()


def test_a_short_me_too_is_never_a_duplicate(db):
    screened_story("Me too.")
    assert screened_story("Me too.").story.review.lane == Lane.QUEUE


def test_the_language_is_detected_and_stored(db):
    story = screened_story("Cuando tenía catorce años, un profesor me tocó y nadie me creyó.").story
    assert story.language == "es"


@override_settings(SCREENING_RETRY_AFTER_SECONDS=1, SCREENING_MAX_ATTEMPTS=2)
def test_the_sweeper_requeues_then_hands_over_to_people(db, django_capture_on_commit_callbacks, time_machine):
    import datetime

    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    submitted = story_services.submit_story(campaign=metoo(), text="Never screened: the broker was down.", anonymity="anonymous")
    story = submitted.story
    for _attempt in range(2):
        time_machine.shift(datetime.timedelta(seconds=5))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert sweep_unscreened.apply().get() == {"requeued": 1, "given_up": 0}
        assert len(callbacks) == 1
    time_machine.shift(datetime.timedelta(seconds=5))
    assert services.sweep_unscreened() == {"requeued": 0, "given_up": 1}
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    assert story.review.screening_failed and story.review.priority == "P1"


def test_the_sweeper_leaves_fresh_stories_alone(db, django_capture_on_commit_callbacks):
    story_services.submit_story(campaign=metoo(), text="Just saved a moment ago.", anonymity="anonymous")
    assert services.sweep_unscreened() == {"requeued": 0, "given_up": 0}


def test_screen_jsonl_uses_the_same_code_path(monkeypatch, capsys):
    lines = [
        {"id": 1, "text": PHONE_STORY},
        {"id": "b", "text": "Me too. At 8, at 12."},
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(line) for line in lines) + "\n"))
    call_command("screen", "--jsonl")
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [item["id"] for item in out] == [1, "b"]
    assert out[0]["priority"] == "P1"
    assert [s["type"] for s in out[0]["signals"]] == ["phone"]
    assert out[1]["signals"] == [] and out[1]["priority"] == "P3"


def test_screen_jsonl_reports_a_bad_line_and_screens_the_rest(monkeypatch, capsys):
    from django.core.management.base import CommandError

    good = json.dumps({"id": "ok", "text": PHONE_STORY})
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{good}\nnot json\n{{\"id\": 3}}\n{good}\n"))
    with pytest.raises(CommandError, match="2 bad line") as raised:
        call_command("screen", "--jsonl")
    assert raised.value.returncode == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["ok", "ok"]
    assert "line 2" in captured.err and "line 3" in captured.err


def test_the_web_process_knows_the_screening_task():
    """Regression: without the import in ModerationConfig.ready(), make run never screened a story."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("CELERY_BROKER_URL", None)
    probe = (
        "import django; django.setup()\n"
        "from celery import current_app\n"
        "import django.urls; django.urls.resolve('/')\n"
        "print('moderation.screen_story' in current_app.tasks)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True")


@override_settings(SCREENING_RETRY_AFTER_SECONDS=60, SCREENING_MAX_ATTEMPTS=5)
def test_the_sweeper_waits_longer_after_each_attempt(db, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    submitted = story_services.submit_story(campaign=metoo(), text="Waiting in a long but healthy queue.", anonymity="anonymous")
    story = submitted.story
    # Third attempt: the wait is 60 s × 2³ = 8 minutes.
    Story.objects.filter(pk=story.pk).update(screening_attempts=3, screening_queued_at=timezone.now() - datetime.timedelta(minutes=7))
    assert services.sweep_unscreened() == {"requeued": 0, "given_up": 0}
    Story.objects.filter(pk=story.pk).update(screening_queued_at=timezone.now() - datetime.timedelta(minutes=9))
    assert services.sweep_unscreened() == {"requeued": 1, "given_up": 0}


def test_the_flood_count_equals_comparing_every_story_in_the_window():
    """The length bound only skips comparisons that cannot reach the ratio: the count is the brute-force one."""
    import random

    from rapidfuzz import fuzz

    from moderation.detectors.config import default_config
    from moderation.detectors.duplicates import count_similar, normalise_for_duplicates

    config = default_config()
    rng = random.Random(11)
    words = "he told me at work that nobody would believe me and i stayed quiet for years until now".split()
    base = " ".join(rng.choice(words) for _ in range(60))
    others = [base, base + " and", base[: len(base) * 9 // 10], base + " " + base, base.replace("me", "us", 3)]
    others += [" ".join(rng.choice(words) for _ in range(rng.randint(20, 120))) for _ in range(60)]
    mine = normalise_for_duplicates(base)
    expected = sum(fuzz.ratio(mine, normalise_for_duplicates(o)) >= config.near_duplicate_min_ratio for o in others)
    assert expected >= 3
    assert count_similar(base, others, config=config) == expected
