"""The author sees every change: each redaction and edit with before, after and the kind of detail (issue 17.2)."""

import pytest
from django.template.loader import render_to_string

from moderation import services
from moderation.changes import changes_for_author
from moderation.models import Decision, Signal
from stories import services as story_services
from tests.factories import UserFactory, metoo
from tests.moderation.helpers import held, moderator

PHONE_STORY = "My boss kept texting me. His number is +1 202-555-0147 and everyone knows it. I was 24."


@pytest.fixture
def author(db):
    return UserFactory()


def account_story(author, text):
    story = story_services.submit_story(campaign=metoo(), text=text, anonymity="anonymous", author=author, keep_in_account=True).story
    services.screen_story_by_id(story_id=story.pk)
    story.refresh_from_db()
    return story


def test_it_shows_the_author_a_free_edit_as_before_and_after_with_its_kind(client, author):
    story = account_story(author, "It was done by my boss at the office. I was 24.")
    user = moderator()
    held(story, user)
    services.edit_text(story_id=story.pk, moderator=user, version=story.version, text="It was done by someone at work at the office. I was 24.", reason="name")
    story.refresh_from_db()
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    assert decision.action == Decision.Action.APPROVE_REDACTED
    changes = changes_for_author(story)
    assert [(c.before, c.after, c.kind) for c in changes] == [("my boss", "someone at work", "name")]
    client.force_login(author)
    page = client.get(f"/account/stories/{story.public_id}/").content.decode()
    assert "The text was edited." not in page
    assert "my boss" in page and "someone at work" in page and "a name" in page


def test_it_shows_a_redaction_with_the_kind_of_detail_removed(client, author):
    story = account_story(author, PHONE_STORY)
    user = moderator()
    held(story, user)
    phone = Signal.objects.get(story=story, version=story.version, type="phone")
    services.redact_signal(story_id=story.pk, moderator=user, version=story.version, signal_id=phone.pk)
    story.refresh_from_db()
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    [change] = changes_for_author(story)
    assert (change.before, change.after, change.kind_label) == ("+1 202-555-0147", "[removed]", "a phone number")
    client.force_login(author)
    page = client.get(f"/account/stories/{story.public_id}/").content.decode()
    assert "characters were removed" not in page
    assert "a phone number" in page and "+1 202-555-0147" in page
    assert 'class="change-before"' in page


def test_a_plain_approve_is_never_recorded_as_approve_with_redactions(author):
    story = account_story(author, "It happened at work. I was 24.")
    user = moderator()
    held(story, user)
    with pytest.raises(services.ModerationError, match="same as before"):
        services.edit_text(story_id=story.pk, moderator=user, version=story.version, text=story.text, reason="other")
    decision = services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    assert decision.action == Decision.Action.APPROVE
    assert changes_for_author(story) == []


def test_approve_with_redactions_is_not_a_choice_on_the_form(client, author):
    story = account_story(author, "It happened at work. I was 24.")
    user = moderator()
    held(story, user)
    client.force_login(user)
    page = client.get(f"/moderation/story/{story.public_id}/").content.decode()
    assert 'value="approve_redacted"' not in page


def test_an_edit_needs_its_reason(client, author):
    story = account_story(author, "It was done by my boss. I was 24.")
    user = moderator()
    held(story, user)
    client.force_login(user)
    response = client.post(f"/moderation/story/{story.public_id}/edit/", {"version": story.version, "text": "It was done by someone. I was 24."})
    assert response.status_code == 400
    assert "Say what kind of detail the edit removes or changes." in response.content.decode()
    story.refresh_from_db()
    assert "my boss" in story.text
    with pytest.raises(services.ModerationError):
        services.edit_text(story_id=story.pk, moderator=user, version=story.version, text="Changed.", reason="")


def test_the_include_renders_each_change_for_the_survivor_pages(author):
    story = account_story(author, "It was done by my boss. I was 24.")
    user = moderator()
    held(story, user)
    services.edit_text(story_id=story.pk, moderator=user, version=story.version, text="It was done by a man. I was 24.", reason="name")
    story.refresh_from_db()
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    html = render_to_string("moderation/author_changes.html", {"changes": changes_for_author(story)})
    assert "<del" in html and "<ins" in html and "my boss" in html and "a man" in html


def test_withdrawing_erases_the_kept_before_text(author):
    story = account_story(author, PHONE_STORY)
    user = moderator()
    held(story, user)
    phone = Signal.objects.get(story=story, version=story.version, type="phone")
    services.redact_signal(story_id=story.pk, moderator=user, version=story.version, signal_id=phone.pk)
    story.refresh_from_db()
    services.decide(story_id=story.pk, moderator=user, version=story.version, action="approve")
    story_services.withdraw_story(story=story)
    assert all(d.redactions == [] for d in Decision.objects.filter(story=story))
