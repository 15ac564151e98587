"""The worker's reads of a story are written as SQL (moderation/services/screening.py): they must
answer what the ORM queries they replaced answered."""

import datetime

from django.utils import timezone

from moderation.services import screening as screening_service
from stories import services as story_services
from stories.choices import Status
from stories.models import Story
from tests.factories import metoo


def _submit(text: str) -> Story:
    return story_services.submit_story(campaign=metoo(), text=text, anonymity="anonymous").story


def test_a_received_story_reads_like_the_orm_only_query_and_loads_the_rest_when_asked(db, django_capture_on_commit_callbacks):
    story = _submit("It happened at the office party when I was twenty two and nobody said a word.")
    Story.objects.filter(pk=story.pk).update(status=Status.RECEIVED)
    for lock in (False, True):
        read = screening_service._received_story(story.pk, lock=lock)
        expected = Story.objects.get(pk=story.pk)
        assert (read.pk, read.public_id, read.version, read.text) == (expected.pk, expected.public_id, expected.version, expected.text)
        assert read.campaign_id == expected.campaign_id  # deferred, then read from the database
        assert not read._state.adding
    Story.objects.filter(pk=story.pk).update(status=Status.IN_REVIEW)
    assert screening_service._received_story(story.pk) is None
    assert screening_service._received_story(story.pk, lock=True) is None


def test_the_recent_window_leaves_out_the_story_withdrawn_and_erased_texts_and_marks_the_flood_window(db, settings):
    settings.SCREENING_FLOOD_MINUTES = 10
    settings.SCREENING_DUPLICATE_DAYS = 3
    screening_service._recent_cache.clear()
    mine = _submit("My own story, which is never compared with itself.")
    kept_old = _submit("Two days ago: outside the flood window, inside the duplicate window.")
    kept_new = _submit("Just now: inside both windows.")
    withdrawn = _submit("A withdrawn story is never compared.")
    erased = _submit("This text is erased.")
    too_old = _submit("Four days ago: outside every window.")
    now = timezone.now()
    Story.objects.filter(pk=kept_old.pk).update(created_at=now - datetime.timedelta(days=2))
    Story.objects.filter(pk=too_old.pk).update(created_at=now - datetime.timedelta(days=4))
    Story.objects.filter(pk=withdrawn.pk).update(status=Status.WITHDRAWN)
    Story.objects.filter(pk=erased.pk).update(text="")

    recent, in_flood_window = screening_service._recent_stories(mine)

    assert [public_id for public_id, _ in recent] == [kept_new.public_id, kept_old.public_id]  # newest first
    assert in_flood_window == [kept_new.text]
