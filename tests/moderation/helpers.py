"""Helpers for moderation tests: a screened story and a moderator who holds it."""

from moderation import services
from stories import services as story_services
from tests.factories import StaffFactory, enrol_totp, metoo


def screened_story(text="It happened at work, more than once. I was 24.", **kwargs):
    submitted = story_services.submit_story(campaign=metoo(), text=text, anonymity="anonymous", **kwargs)
    # Eager Celery may already have screened it on commit (transactional tests).
    services.screen_story_by_id(story_id=submitted.story.pk)
    submitted.story.refresh_from_db()
    assert submitted.story.status == "in_review"
    return submitted


def moderator(role="moderator", **kwargs):
    user = StaffFactory(role=role, **kwargs)
    enrol_totp(user)
    return user


def held(story, user):
    services.claim_story(story=story, moderator=user)
    story.refresh_from_db()
    return story
