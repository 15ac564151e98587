"""Counters stay exact: reconciliation, the hourly task, and fifty concurrent writers."""

import random
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from stories import counters, services
from stories.choices import Status
from stories.models import CounterShard, Story, Tap
from tests.factories import CampaignFactory, StoryFactory, metoo


def publish(story: Story) -> None:
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        services.change_story_status(story=locked, status=Status.PUBLISHED)


def test_it_counts_taps_and_stories_exactly(campaign):
    services.record_tap(campaign=campaign, context={"kind": "assault"})
    story = StoryFactory(status=Status.IN_REVIEW, kind="assault")
    counters.count_story_change(story, before=None)
    publish(story)
    totals = counters.totals_by_campaign()[campaign.pk]
    assert totals == {"taps": 1, "stories_published": 1, "stories_pending": 0, "voices": 2}
    assert counters.breakdowns(campaign.pk)["kind"] == {"assault": 2}
    services.withdraw_story(story=story)
    assert counters.totals_by_campaign()[campaign.pk]["voices"] == 1
    assert counters.reconcile(fix=False) == {}


def test_it_reports_drift_without_fixing_it_when_checking(campaign, capsys):
    services.record_tap(campaign=campaign, context={})
    counters.add(campaign.pk, {("taps", counters.EPOCH): 5})
    with pytest.raises(SystemExit) as exit_info:
        call_command("reconcile_counts", "--check")
    assert exit_info.value.code == 1
    out = capsys.readouterr()
    assert "metoo: taps: rows − counter = -5" in out.out
    assert counters.totals_by_campaign()[campaign.pk]["taps"] == 6


def test_it_fixes_drift(campaign, capsys):
    services.record_tap(campaign=campaign, context={"gender": "man"})
    counters.add(campaign.pk, {("taps", counters.EPOCH): -1, ("ctx:gender:man", counters.EPOCH): 3})
    call_command("reconcile_counts")
    assert "Fixed 2 counters." in capsys.readouterr().out
    assert counters.reconcile(fix=False) == {}
    call_command("reconcile_counts", "--check")
    assert "No drift" in capsys.readouterr().out


def test_it_runs_reconciliation_hourly_on_the_maintenance_queue(campaign):
    from config.celery import app
    from stories.tasks import reconcile_counts

    entry = next(e for e in app.conf.beat_schedule.values() if e["task"] == "stories.reconcile_counts")
    assert entry["schedule"] == 3600.0
    assert app.amqp.router.route({}, "stories.reconcile_counts")["queue"].name == "maintenance"
    counters.add(campaign.pk, {("taps", counters.EPOCH): 2})
    assert reconcile_counts.delay().get() == 1
    assert counters.reconcile(fix=False) == {}


def test_it_spreads_writers_over_shards(campaign, settings):
    settings.COUNTER_SHARDS = 16
    for _ in range(200):
        services.record_tap(campaign=campaign, context={})
    shards = CounterShard.objects.filter(campaign=campaign, name="taps").count()
    assert shards > 8
    assert counters.totals_by_campaign()[campaign.pk]["taps"] == 200


# --- Concurrency (PostgreSQL) -------------------------------------------------------------

THREADS = 50
TAPS_PER_THREAD = 200


@pytest.mark.postgres
def test_it_stays_exact_under_fifty_concurrent_writers(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer, so it cannot show lost updates: run with DATABASE_URL=postgres://…")
    campaigns = [metoo(), CampaignFactory(slug="notokay")]
    stories = [StoryFactory(campaign=campaigns[i % 2], status=Status.IN_REVIEW, kind="assault") for i in range(THREADS * 2)]
    shared = StoryFactory(campaign=campaigns[0], status=Status.IN_REVIEW, setting="online")
    counters.reconcile(fix=True)
    kinds = ["", "harassment", "assault", "both"]
    errors = []
    start = threading.Barrier(THREADS)

    def writer(number: int) -> None:
        rng = random.Random(number)
        try:
            start.wait()
            mine = stories[number * 2 : number * 2 + 2]
            for index in range(TAPS_PER_THREAD):
                services.record_tap(campaign=campaigns[rng.randrange(2)], context={"kind": rng.choice(kinds)})
                if index == 50:
                    publish(mine[0])
                elif index == 100:
                    publish(shared)  # everyone races to publish the same story
                elif index == 120 and number % 2:
                    publish(mine[1])
                elif index == 150 and number % 3 == 0:
                    services.withdraw_story(story=mine[0])  # published, then withdrawn
                elif index == 180 and number % 5 == 0:
                    services.withdraw_story(story=mine[1])  # maybe pending, maybe published
        except Exception as error:  # noqa: BLE001 -- reported by the main thread
            errors.append(repr(error))
        finally:
            connections.close_all()

    started = time.monotonic()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    assert errors == []
    assert Tap.objects.count() == THREADS * TAPS_PER_THREAD
    totals = counters.totals_by_campaign()
    for campaign in campaigns:
        published = Story.objects.published().filter(campaign=campaign).count()
        assert totals[campaign.pk]["taps"] == Tap.objects.filter(campaign=campaign).count()
        assert totals[campaign.pk]["stories_published"] == published
        assert totals[campaign.pk]["stories_pending"] == Story.objects.pending().filter(campaign=campaign).count()
        assert totals[campaign.pk]["voices"] == Tap.objects.filter(campaign=campaign).count() + published
    assert counters.reconcile(fix=False) == {}
    call_command("reconcile_counts", "--check")
    assert elapsed < 60
