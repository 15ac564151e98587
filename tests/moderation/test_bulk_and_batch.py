"""Bulk tools for the bins and waves, and short stories approved together, each its own decision (issue 17)."""

from moderation.models import AuditEntry, Decision, Lane, Review, Signal
from stories.choices import Status
from stories.models import Story
from tests.factories import PASSWORD
from tests.moderation.helpers import moderator, screened_story


def signed_in_recently(client):
    """A moderator who gave their password again just now (bulk tools ask for it)."""
    user = moderator()
    client.force_login(user)
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return user


def in_spam(n):
    stories = [screened_story(f"Buy cheap watches number {i} at example dot com today only.").story for i in range(n)]
    Review.objects.filter(story__in=stories).update(lane=Lane.SPAM)
    return stories


def test_it_bulk_rejects_with_the_chosen_reason(client, db):
    stories = in_spam(3)
    signed_in_recently(client)
    response = client.post("/moderation/spam/reject/", {"stories": [s.public_id for s in stories[:2]], "bulk_action": "reject", "reason_code": "not-a-testimony"})
    assert response.status_code == 302
    assert set(Decision.objects.values_list("reason_code", flat=True)) == {"not-a-testimony"}
    assert Story.objects.get(pk=stories[2].pk).status == Status.IN_REVIEW


def test_it_bulk_rejects_all_that_match(client, db):
    stories = in_spam(4)
    signed_in_recently(client)
    client.post("/moderation/spam/reject/", {"all_matching": "on", "bulk_action": "reject", "reason_code": "spam"})
    assert Decision.objects.count() == 4
    assert set(Story.objects.filter(pk__in=[s.pk for s in stories]).values_list("status", flat=True)) == {Status.REJECTED}


def test_it_bulk_restores_from_the_spam_bin(client, db):
    stories = in_spam(3)
    signed_in_recently(client)
    client.post("/moderation/spam/reject/", {"stories": [s.public_id for s in stories], "bulk_action": "restore", "reason_code": "spam"})
    assert set(Review.objects.filter(story__in=stories).values_list("lane", flat=True)) == {Lane.QUEUE}
    assert AuditEntry.objects.filter(action="restored_from_spam").count() == 3


def test_a_bulk_request_with_nothing_selected_changes_nothing(client, db):
    in_spam(2)
    signed_in_recently(client)
    response = client.post("/moderation/spam/reject/", {"bulk_action": "reject", "reason_code": "spam"}, follow=True)
    assert "Select at least one story." in response.content.decode()
    assert not Decision.objects.exists()


def test_the_spam_bin_offers_select_all_and_a_reason(client, db):
    in_spam(2)
    client.force_login(moderator())
    page = client.get("/moderation/", {"lane": "spam"}).content.decode()
    assert "Select all on this page" in page and 'name="all_matching"' in page and 'name="reason_code"' in page


def test_short_signal_free_stories_are_approved_together_each_as_its_own_decision(client, db):
    short = [screened_story(f"Me too. At work, when I was {20 + i}.").story for i in range(3)]
    long_story = screened_story("It happened at work. " * 30).story
    flagged = screened_story("Me too. Call me at +1 202-555-0147.").story
    assert Signal.objects.filter(story=flagged).exists()
    user = moderator()
    client.force_login(user)
    page = client.get("/moderation/batch/").content.decode()
    assert all(story.text in page for story in short)
    assert long_story.public_id not in page and flagged.public_id not in page
    response = client.post("/moderation/batch/", {"read": [f"{s.public_id}:{s.version}" for s in short]})
    assert response.status_code == 302
    decisions = Decision.objects.filter(story__in=short)
    assert decisions.count() == 3 and {d.moderator for d in decisions} == {user}
    assert AuditEntry.objects.filter(action="decision:approve", detail__batch=True).count() == 3
    assert Story.objects.get(pk=long_story.pk).status == Status.IN_REVIEW


def test_a_batch_approval_skips_a_story_that_changed_since_it_was_read(client, db):
    story = screened_story("Me too. At school.").story
    client.force_login(moderator())
    client.get("/moderation/batch/")
    Story.objects.filter(pk=story.pk).update(version=story.version + 1)
    client.post("/moderation/batch/", {"read": [f"{story.public_id}:{story.version}"]})
    assert not Decision.objects.exists()
