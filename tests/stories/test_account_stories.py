"""Signed-in authors manage the stories kept in their account: /account/stories/<id>/."""

import pytest

from moderation import services as moderation_services
from stories import services
from stories.choices import Status
from stories.models import Story
from tests.factories import UserFactory, metoo
from tests.moderation.helpers import held, moderator


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def story(author):
    return services.submit_story(campaign=metoo(), text="Kept in my account.", anonymity="anonymous", author=author, keep_in_account=True).story


def test_the_author_sees_the_status(client, author, story):
    client.force_login(author)
    response = client.get(f"/account/stories/{story.public_id}/")
    assert response.status_code == 200
    assert "Waiting for review" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert f"/account/stories/{story.public_id}/" in client.get("/account/stories/").content.decode()


def test_another_person_gets_a_404(client, story):
    client.force_login(UserFactory())
    assert client.get(f"/account/stories/{story.public_id}/").status_code == 404
    assert client.post(f"/account/stories/{story.public_id}/withdraw/").status_code == 404
    assert Story.objects.get(pk=story.pk).status == Status.RECEIVED


def test_an_anonymous_visitor_is_sent_to_sign_in(client, story):
    response = client.get(f"/account/stories/{story.public_id}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_author_edits_and_withdraws(client, author, story):
    client.force_login(author)
    assert client.post(f"/account/stories/{story.public_id}/edit/", {"text": "Changed it."}).status_code == 302
    story.refresh_from_db()
    assert story.text == "Changed it." and story.version == 2
    bad = client.post(f"/account/stories/{story.public_id}/edit/", {"text": ""})
    assert bad.status_code == 400 and Story.objects.get(pk=story.pk).text == "Changed it."
    confirm = client.post(f"/account/stories/{story.public_id}/withdraw/")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert Story.objects.get(pk=story.pk).status == Status.RECEIVED
    assert client.post(f"/account/stories/{story.public_id}/withdraw/", {"confirm": "yes"}).status_code == 200
    story.refresh_from_db()
    assert story.status == Status.WITHDRAWN and story.text == ""


def test_the_author_appeals_from_the_account(client, author, story):
    moderation_services.screen_story_by_id(story_id=story.pk)
    story.refresh_from_db()
    user = moderator()
    held(story, user)
    moderation_services.decide(story_id=story.pk, moderator=user, version=story.version, action="reject", reason_code="other")
    client.force_login(author)
    page = client.get(f"/account/stories/{story.public_id}/").content.decode()
    assert "Appeal this decision" in page
    response = client.post(f"/account/stories/{story.public_id}/appeal/", {"message": "Please reconsider."})
    assert response.status_code == 302
    assert story.decisions.get().appeal.message == "Please reconsider."


def test_actions_refuse_a_get(client, author, story):
    client.force_login(author)
    for action in ("edit", "withdraw", "appeal"):
        assert client.get(f"/account/stories/{story.public_id}/{action}/").status_code == 405


def test_the_account_page_tells_the_truth_for_each_kind_of_story(client, author):
    """Issue 13.6: a story under the account's name shows the name; the others lead back to no one."""
    services.submit_story(campaign=metoo(), text="Under my name.", anonymity="named", author=author)
    services.submit_story(campaign=metoo(), text="As Robin.", anonymity="pseudonym", display_name="Robin", author=author, keep_in_account=True)
    services.submit_story(campaign=metoo(), text="No name.", anonymity="anonymous", author=author, keep_in_account=True)
    client.force_login(author)
    page = client.get("/account/stories/").content.decode()
    assert "The public never sees a link between these stories and your account" not in page
    assert f"the public sees “{author.shown_name}” with this story" in page
    assert "Shown as “Robin”: the public never sees a link" in page
    assert "Anonymous: the public never sees a link" in page
