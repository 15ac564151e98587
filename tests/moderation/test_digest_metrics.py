from django.core import mail

from moderation.digest import send_queue_digest
from moderation.queue import metrics
from tests.moderation.helpers import held, moderator, screened_story


def test_the_digest_goes_to_moderators_once_a_day_when_the_queue_is_deep(db, settings):
    settings.MODERATION_DIGEST_THRESHOLD = 2
    staff = moderator(email="mod@example.org")
    moderator(email="")  # no address, no mail
    for n in range(3):
        screened_story(f"Story number {n} waiting in the queue for a person.")
    assert send_queue_digest() == 1
    assert mail.outbox[0].to == [staff.email]
    assert "3 stories" in mail.outbox[0].subject
    assert "Story number" not in mail.outbox[0].body
    assert send_queue_digest() == 0, "at most one digest a day"


def test_no_digest_below_the_threshold(db, settings):
    settings.MODERATION_DIGEST_THRESHOLD = 10
    moderator(email="mod@example.org")
    screened_story()
    assert send_queue_digest() == 0
    assert mail.outbox == []


def test_metrics_count_lanes_decisions_and_time_to_decision(db):
    user = moderator()
    story = held(screened_story().story, user)
    screened_story("Another story still waiting for someone to read it.")
    from moderation import services

    services.decide(story_id=story.pk, moderator=user, version=story.version, action="reject", reason_code="spam")
    result = metrics()
    assert result["lanes"]["queue"] == 1
    assert result["day"]["count"] == 1 and result["day"]["median"] is not None
    assert {"action": "reject", "reason_code": "spam", "n": 1} in result["by_reason"]


def test_the_digest_tells_staff_which_account_saw_many_failed_sign_ins(db, settings):
    from django.utils import timezone

    from accounts.models import SignInAlert

    settings.MODERATION_DIGEST_THRESHOLD = 1000  # the queue alone would not send it
    staff = moderator(email="mod@example.org")
    SignInAlert.objects.create(user=staff, window_start=timezone.now(), failures=37)
    assert send_queue_digest() == 1
    body = mail.outbox[0].body
    assert f"- {staff.get_username()}: 37 failures" in body
    assert "127.0.0.1" not in body


def test_an_old_sign_in_alert_sends_no_digest(db, settings):
    import datetime

    from django.utils import timezone

    from accounts.models import SignInAlert

    settings.MODERATION_DIGEST_THRESHOLD = 1000
    SignInAlert.objects.create(user=moderator(email="mod@example.org"), window_start=timezone.now() - datetime.timedelta(days=3), failures=37)
    assert send_queue_digest() == 0
