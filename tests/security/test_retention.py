"""Promise 9: rejected text is purged after RETENTION_REJECTED_DAYS, withdrawn text at once,
unverified accounts after RETENTION_UNVERIFIED_ACCOUNT_DAYS; the audit log keeps actions, never
text; a daily beat task does it."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from accounts import retention
from accounts.models import User
from config.celery import app
from moderation import services as moderation
from moderation.models import AuditEntry
from stories import services
from stories.choices import Status
from stories.models import Story
from tests.factories import StaffFactory, UserFactory, metoo
from tests.moderation.helpers import held, moderator

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 1, 10, 9, 0, tzinfo=datetime.UTC)
TEXT = "My manager cornered me in the archive room in 2019."


def rejected_story(text=TEXT):
    submitted = services.submit_story(campaign=metoo(), text=text, anonymity="pseudonym", display_name="Wren")
    moderation.screen_story_by_id(story_id=submitted.story.pk)
    staff = moderator()
    story = held(submitted.story, staff)
    moderation.decide(story_id=story.pk, moderator=staff, version=story.version, action="reject", reason_code="spam")
    story.refresh_from_db()
    assert story.status == Status.REJECTED
    return submitted


def test_rejected_text_stays_until_the_retention_period_ends_then_goes(time_machine, settings):
    settings.RETENTION_REJECTED_DAYS = 30
    time_machine.move_to(START, tick=False)
    submitted = rejected_story()
    time_machine.move_to(START + datetime.timedelta(days=29, hours=23), tick=False)
    assert retention.purge_expired()["rejected_stories"] == 0
    assert Story.objects.get(pk=submitted.story.pk).text == TEXT
    time_machine.move_to(START + datetime.timedelta(days=30, minutes=1), tick=False)
    assert retention.purge_expired()["rejected_stories"] == 1
    story = Story.objects.get(pk=submitted.story.pk)
    assert (story.text, story.display_name, story.status) == ("", "", Status.REJECTED)
    # The author can still open it with the key and read the decision's reason.
    assert services.find_story_by_key(submitted.key) == story
    assert retention.purge_expired()["rejected_stories"] == 0, "running twice changes nothing more"


def test_published_and_pending_text_is_kept(time_machine, settings):
    settings.RETENTION_REJECTED_DAYS = 1
    time_machine.move_to(START, tick=False)
    pending = services.submit_story(campaign=metoo(), text="Still waiting.", anonymity="anonymous").story
    published = services.submit_story(campaign=metoo(), text="On the wall.", anonymity="anonymous").story
    services.change_story_status(story=published, status=Status.PUBLISHED)
    time_machine.move_to(START + datetime.timedelta(days=400), tick=False)
    retention.purge_expired()
    assert Story.objects.get(pk=pending.pk).text == "Still waiting."
    assert Story.objects.get(pk=published.pk).text == "On the wall."


def test_withdrawn_text_goes_at_once_and_the_sweep_catches_leftovers(db):
    submitted = services.submit_story(campaign=metoo(), text=TEXT, anonymity="anonymous")
    services.withdraw_story(story=submitted.story)
    assert Story.objects.get(pk=submitted.story.pk).text == ""
    # A withdrawn row that somehow kept its text (e.g. restored from an old backup).
    leftover = services.submit_story(campaign=metoo(), text="Left behind.", anonymity="anonymous").story
    Story.objects.filter(pk=leftover.pk).update(status=Status.WITHDRAWN)
    assert retention.purge_expired()["withdrawn_stories"] == 1
    assert Story.objects.get(pk=leftover.pk).text == "" and Story.objects.get(pk=leftover.pk).key_hmac is None


def test_the_audit_log_keeps_the_actions_and_never_the_text(time_machine, settings):
    settings.RETENTION_REJECTED_DAYS = 30
    time_machine.move_to(START, tick=False)
    submitted = rejected_story()
    time_machine.move_to(START + datetime.timedelta(days=31), tick=False)
    retention.purge_expired()
    entries = AuditEntry.objects.filter(story_public_id=submitted.story.public_id)
    assert {"decision:reject"} <= set(entries.values_list("action", flat=True))
    for entry in entries:
        assert "archive room" not in repr((entry.action, entry.reason_code, entry.detail, str(entry)))
        assert "Wren" not in repr(entry.detail)


def make_user(username, *, joined, last_login=None, email=None, verified=False, **extra):
    user = UserFactory(username=username, **extra)
    User.objects.filter(pk=user.pk).update(date_joined=joined, last_login=last_login, email=email or "")
    if email:
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return User.objects.get(pk=user.pk)


def test_unverified_unused_accounts_are_deleted_after_the_retention_period(time_machine, settings):
    settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30
    time_machine.move_to(START, tick=False)
    make_user("abandoned", joined=START, last_login=START, email="abandoned@example.org")
    make_user("never-signed-in", joined=START, email="never@example.org")
    make_user("verified", joined=START, email="ok@example.org", verified=True)
    make_user("no-email", joined=START)
    make_user("came-back", joined=START, last_login=START + datetime.timedelta(days=20), email="back@example.org")
    staff = StaffFactory(username="unverified-staff")
    User.objects.filter(pk=staff.pk).update(date_joined=START)
    EmailAddress.objects.create(user=staff, email="staff@example.org", verified=False, primary=True)

    time_machine.move_to(START + datetime.timedelta(days=29), tick=False)
    assert retention.purge_expired()["unverified_accounts"] == 0

    time_machine.move_to(START + datetime.timedelta(days=31), tick=False)
    assert retention.purge_expired()["unverified_accounts"] == 2
    remaining = set(User.objects.values_list("username", flat=True))
    assert {"abandoned", "never-signed-in"}.isdisjoint(remaining)
    assert {"verified", "no-email", "came-back", "unverified-staff"} <= remaining
    assert not EmailAddress.objects.filter(email__in=["abandoned@example.org", "never@example.org"]).exists()


def test_an_unverified_account_with_stories_loses_only_its_unverified_address(time_machine, settings):
    settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30
    time_machine.move_to(START, tick=False)
    user = make_user("keeps-stories", joined=START, last_login=START, email="mine@example.org")
    services.submit_story(campaign=metoo(), text="Kept in my account.", anonymity="anonymous", author=user, keep_in_account=True)
    time_machine.move_to(START + datetime.timedelta(days=31), tick=False)
    counts = retention.purge_expired()
    assert (counts["unverified_accounts"], counts["unverified_addresses"]) == (0, 1)
    user.refresh_from_db()
    assert user.email == "" and not EmailAddress.objects.filter(user=user).exists()
    assert Story.objects.get(author=user).text == "Kept in my account."


def test_a_daily_beat_task_runs_it():
    app.loader.import_default_modules()
    entries = [entry for entry in app.conf.beat_schedule.values() if entry["task"] == "maintenance.purge_expired"]
    assert len(entries) == 1 and entries[0]["schedule"] == 24 * 3600.0
    assert "maintenance.purge_expired" in app.tasks
    assert app.amqp.router.route({}, "maintenance.purge_expired")["queue"].name == "maintenance"


def test_the_task_and_the_command_purge(time_machine, settings, capsys):
    settings.RETENTION_REJECTED_DAYS = 30
    time_machine.move_to(START, tick=False)
    first = rejected_story()
    time_machine.move_to(START + datetime.timedelta(days=31), tick=False)
    assert app.tasks["maintenance.purge_expired"].delay().get()["rejected_stories"] == 1
    assert Story.objects.get(pk=first.story.pk).text == ""
    time_machine.move_to(timezone.now() + datetime.timedelta(days=40), tick=False)
    call_command("purge_expired")
    assert "rejected stories: 0" in capsys.readouterr().out
