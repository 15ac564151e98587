"""Claims without dead ends: renewed while working, released on leaving, held again with the note kept (issue 17)."""

import datetime

from django.utils import timezone

from moderation import services
from moderation.models import AuditEntry, Decision, Priority, Review
from stories.choices import Status
from tests.moderation.helpers import held, moderator, screened_story


def test_the_page_renews_a_hold_while_the_moderator_works(client, db, time_machine):
    story = screened_story().story
    user = moderator()
    held(story, user)
    client.force_login(user)
    first_until = Review.objects.get(story=story).claimed_until
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2))
    response = client.post(f"/moderation/story/{story.public_id}/renew/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["held"] is True
    assert Review.objects.get(story=story).claimed_until > first_until


def test_a_renewal_never_takes_a_hold_back_from_someone_else(client, db):
    story = screened_story().story
    held(story, moderator())
    client.force_login(moderator())
    response = client.post(f"/moderation/story/{story.public_id}/renew/")
    assert response.status_code == 409 and response.json()["held"] is False


def test_leaving_the_page_releases_the_hold(client, db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    client.force_login(user)
    response = client.post(f"/moderation/story/{story.public_id}/release/", {"beacon": "1"})
    assert response.status_code == 204
    assert Review.objects.get(story=story).claimed_by is None
    assert AuditEntry.objects.filter(action="released", story_public_id=story.public_id).exists()


def test_an_urgent_story_is_never_blocked_by_an_abandoned_hold_for_long(db, time_machine):
    story = screened_story().story
    Review.objects.filter(story=story).update(priority=Priority.P0)
    services.claim_story(story=story, moderator=moderator())
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=2, seconds=5))
    other = moderator()
    assert services.claim_story(story=story, moderator=other).claimed_by == other


def test_an_expired_hold_offers_hold_it_again_and_keeps_the_typed_note(client, db, time_machine):
    story = screened_story().story
    user = moderator()
    held(story, user)
    client.force_login(user)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=30))
    note = "Thank you for sharing; please remove the shop's name."
    data = {"version": story.version, "action": "request_changes", "reason_code": "identifies-someone", "note": note}
    refused = client.post(f"/moderation/story/{story.public_id}/decide/", data)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Hold it again" in page and note.replace("'", "&#x27;") in page
    again = client.post(f"/moderation/story/{story.public_id}/decide/", {**data, "hold_again": "1"})
    assert again.status_code == 200 and note.replace("'", "&#x27;") in again.content.decode()
    assert Review.objects.get(story=story).claimed_by == user
    client.post(f"/moderation/story/{story.public_id}/decide/", data)
    assert Decision.objects.get(story=story).note == note


def test_the_review_page_shows_the_remaining_time(client, db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    client.force_login(user)
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    assert 'id="hold-timer"' in page and "data-until=" in page and "You hold this story until" in page


def test_undo_disappears_when_the_window_ends(client, db, time_machine, settings):
    settings.MODERATION_UNDO_MINUTES = 5
    story = screened_story().story
    user = moderator()
    held(story, user)
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="reject", reason_code="other")
    client.force_login(user)
    assert "Undo</button>" in client.get(f"/moderation/story/{story.public_id}/").content.decode()
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6))
    assert "Undo</button>" not in client.get(f"/moderation/story/{story.public_id}/").content.decode()


def test_a_moderator_can_undo_their_own_decision_within_the_window(client, db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="reject", reason_code="other")
    client.force_login(user)
    client.post(f"/moderation/decision/{decision.pk}/undo/")
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_after_a_decision_the_queue_keeps_its_lane_and_filters_and_offers_the_next(client, db):
    first = screened_story().story
    second = screened_story("It happened on the bus. I was 17.").story
    user = moderator()
    client.force_login(user)
    client.get("/moderation/", {"lane": "queue", "language": first.language})
    held(first, user)
    response = client.post(f"/moderation/story/{first.public_id}/decide/", {"version": first.version, "action": "reject", "reason_code": "other"})
    assert response.status_code == 302
    assert "lane=queue" in response["Location"] and f"language={first.language}" in response["Location"]
    queue_page = client.get(response["Location"]).content.decode()
    assert "Take the next story" in queue_page and "Undo" in queue_page
    assert second.public_id in queue_page


def test_decide_and_next_opens_the_next_story_held(client, db):
    first = screened_story().story
    second = screened_story("It happened on the bus. I was 17.").story
    user = moderator()
    held(first, user)
    client.force_login(user)
    response = client.post(f"/moderation/story/{first.public_id}/decide/", {"version": first.version, "action": "reject", "reason_code": "other", "and_next": "1"})
    assert response.status_code == 302 and response["Location"] == f"/moderation/story/{second.public_id}/"
    assert Review.objects.get(story=second).claimed_by == user


def test_claims_and_reads_of_the_full_text_are_audited(client, db):
    story = screened_story().story
    user = moderator()
    client.force_login(user)
    client.post(f"/moderation/story/{story.public_id}/claim/")
    client.get(f"/moderation/story/{story.public_id}/")
    actions = set(AuditEntry.objects.filter(story_public_id=story.public_id).values_list("action", flat=True))
    assert {"claimed", "read_full_text"} <= actions


def test_opening_another_story_releases_the_one_held_before(db):
    first = screened_story().story
    second = screened_story("It happened on the bus. I was 17.").story
    user = moderator()
    services.claim_story(story=first, moderator=user)
    services.claim_story(story=second, moderator=user)
    assert Review.objects.get(story=first).claimed_by is None
    assert Review.objects.get(story=second).claimed_by == user


def test_signing_out_releases_every_hold(client, db):
    story = screened_story().story
    user = moderator()
    held(story, user)
    client.force_login(user)
    client.post("/accounts/logout/")
    assert Review.objects.get(story=story).claimed_by is None
