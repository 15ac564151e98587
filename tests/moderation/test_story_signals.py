"""Issue 18.1: stories tells moderation through explicit signals (stories/signals.py), connected in
ModerationConfig.ready(); nothing in settings can switch them off."""

from django.conf import settings

from moderation import services
from stories import services as story_services
from stories.models import Story
from stories.signals import story_changed, story_submitted
from tests.moderation.helpers import held, moderator, screened_story


def rejected_with_appeal(client_message="The teacher was Mr X at my school."):
    submitted = screened_story("Something happened at school and I want it told.")
    staff = moderator()
    story = held(submitted.story, staff)
    services.decide(story_id=story.pk, moderator=staff, version=story.version, action="reject", reason_code="other")
    appeal = services.file_appeal(story=Story.objects.get(pk=story.pk), message=client_message)
    return submitted, appeal


def test_moderation_listens_from_ready_and_no_setting_names_a_hook():
    assert story_submitted.has_listeners(Story) and story_changed.has_listeners(Story)
    for name in ("STORY_EVENT_HOOK", "STORY_OUTCOME_PROVIDER", "ACCOUNT_DELETION_SERVICE"):
        assert not hasattr(settings, name), name


def test_a_withdrawal_from_the_author_page_always_erases_the_appeal_text(client, db):
    submitted, appeal = rejected_with_appeal()
    client.post("/my-story/withdraw/", {"key": submitted.key, "confirm": "yes"})
    appeal.refresh_from_db()
    assert appeal.message == "" and Story.objects.get(pk=submitted.story.pk).text == ""


def test_a_receiver_that_fails_rolls_the_withdrawal_back(db, monkeypatch):
    submitted, _appeal = rejected_with_appeal()

    def broken(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(services, "on_story_event", broken)
    try:
        story_services.withdraw_story(story=submitted.story)
    except RuntimeError:
        pass
    assert Story.objects.get(pk=submitted.story.pk).text != "", "never erased without moderation hearing of it"
