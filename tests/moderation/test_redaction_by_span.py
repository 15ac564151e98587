"""Redact what the screening missed, as a kind of detail, without free-editing (issue 17.3)."""

import pytest

from moderation import services
from moderation.changes import changes_for_author
from moderation.models import AuditEntry, Review, Signal
from tests.moderation.helpers import held, moderator, screened_story

TEXT = "It was Mr Okafor at the bakery on Elm Road. I was 19."


def test_the_span_form_redacts_a_part_as_a_kind_of_detail(client, db):
    story = screened_story(TEXT).story
    user = moderator()
    held(story, user)
    client.force_login(user)
    start = TEXT.index("Elm Road")
    response = client.post(f"/moderation/story/{story.public_id}/redact/", {"version": story.version, "start": start, "end": start + 8, "kind": "place"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert "Elm Road" not in story.text and "[removed]" in story.text
    [change] = Review.objects.get(story=story).redactions
    assert change["kind"] == "place" and change["before"] == "Elm Road"
    assert AuditEntry.objects.filter(action="redacted", detail__kind="place").exists()


def test_the_review_page_offers_the_span_form_and_the_selection_toolbar(client, db):
    story = screened_story(TEXT).story
    user = moderator()
    held(story, user)
    client.force_login(user)
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    assert 'id="span-redact-form"' in page and 'id="selection-toolbar"' in page
    assert 'data-redact-kind="name"' in page and 'data-redact-kind="phone"' in page
    assert "<script>" not in page and 'src="/static/js/moderation.js"' in page


def test_a_span_without_its_kind_or_in_the_wrong_order_is_refused_in_place(client, db):
    story = screened_story(TEXT).story
    user = moderator()
    held(story, user)
    client.force_login(user)
    for data in ({"start": 3, "end": 9}, {"start": 9, "end": 3, "kind": "name"}):
        response = client.post(f"/moderation/story/{story.public_id}/redact/", {"version": story.version, **data})
        assert response.status_code == 400
    story.refresh_from_db()
    assert story.text == TEXT


def test_a_selection_that_no_longer_matches_the_text_redacts_nothing(db):
    story = screened_story(TEXT).story
    user = moderator()
    held(story, user)
    start = TEXT.index("Okafor")
    with pytest.raises(services.ModerationError, match="did not match"):
        services.redact_span(story_id=story.pk, moderator=user, version=story.version, start=start, end=start + 6, kind="name", expected="Okafo ")
    story.refresh_from_db()
    assert story.text == TEXT


def test_highlights_are_themselves_buttons_that_redact(client, db):
    text = "He called me from +1 202-555-0147 every night. I was 16."
    story = screened_story(text).story
    user = moderator()
    held(story, user)
    client.force_login(user)
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    phone = Signal.objects.get(story=story, version=story.version, type="phone")
    assert f'<button type="submit" form="signal-redact-form" name="signal" value="{phone.pk}" class="signal signal-phone"' in page
    client.post(f"/moderation/story/{story.public_id}/redact/", {"version": story.version, "signal": phone.pk})
    story.refresh_from_db()
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    assert [c.kind for c in changes_for_author(story)] == ["phone"]
