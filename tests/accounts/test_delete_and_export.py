"""Deleting an account leaves no trace of it; the export holds exactly the person's stories."""

import io
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User, UserSession
from stories.choices import Anonymity, Status
from stories.models import Story
from stories.services import submit_story
from tests.factories import PASSWORD, CampaignFactory, StaffFactory, StoryFactory, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db

USERNAME = "willowbrook-author"
EMAIL = "willowbrook@example.org"


@pytest.fixture
def author(campaign):
    user = UserFactory(username=USERNAME, email=EMAIL, display_name="Willow B")
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def post_story(author, campaign, text, anonymity=Anonymity.NAMED, **extra):
    return submit_story(
        campaign=campaign, text=text, anonymity=anonymity, author=author, keep_in_account=True, **extra
    ).story


def signed_in(username=USERNAME):
    client = Client()
    assert client.post(reverse("account_login"), {"login": username, "password": PASSWORD}).status_code == 302
    return client


def database_text() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--all", stdout=out)
    return out.getvalue().lower()


def delete(client, choice, password=PASSWORD):
    return client.post(reverse("account_delete"), {"stories": choice, "password": password})


# --- deletion ----------------------------------------------------------------------------


def test_it_asks_for_the_password_and_a_choice(client, author):
    client.force_login(author)
    page = client.get(reverse("account_delete"))
    assert page.status_code == 200
    assert 'value="withdraw"' in page.text and 'value="keep_anonymous"' in page.text
    assert 'type="password"' in page.text


def test_it_withdraws_every_story_and_leaves_no_trace(author, campaign):
    named = post_story(author, campaign, "It was my manager, every week.")
    pseudonym = post_story(author, campaign, "At 14, on the bus.", anonymity=Anonymity.PSEUDONYM, display_name="Fern")
    client = signed_in()
    enrol_totp(author)
    assert USERNAME in database_text() and EMAIL in database_text()  # the search below can find them

    response = delete(client, "withdraw")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=author.pk).exists()
    for story in (named, pseudonym):
        story.refresh_from_db()
        assert story.status == Status.WITHDRAWN
        assert story.text == "" and story.display_name == "" and story.author is None
    assert not EmailAddress.objects.exists()
    assert not Authenticator.objects.exists()
    assert not UserSession.objects.filter(user_id=author.pk).exists()
    dump = database_text()
    for trace in (USERNAME, EMAIL, "willow b", "fern", "my manager"):
        assert trace not in dump, trace
    # Session data is encoded, so look inside what is left too.
    for session in UserSession.objects.all():
        assert USERNAME not in str(session.get_decoded())


def test_it_keeps_stories_as_anonymous_ones_linked_to_no_one(author, campaign):
    named = post_story(author, campaign, "It was my manager, every week.")
    client = signed_in()

    delete(client, "keep_anonymous")

    named.refresh_from_db()
    assert named.author is None
    assert named.anonymity == Anonymity.ANONYMOUS
    assert named.display_name == ""
    assert named.key_hmac is None
    assert named.text == "It was my manager, every week."
    assert named.status == Status.RECEIVED  # still goes through moderation
    dump = database_text()
    assert USERNAME not in dump
    assert EMAIL not in dump
    assert "willow b" not in dump


def test_it_signs_out_every_session_of_the_deleted_account(author):
    client, elsewhere = signed_in(), signed_in()
    delete(client, "withdraw")
    assert not UserSession.objects.filter(user_id=author.pk).exists()
    assert not elsewhere.get(reverse("account_stories")).wsgi_request.user.is_authenticated
    assert not client.get(reverse("account_stories")).wsgi_request.user.is_authenticated


def test_it_leaves_other_people_alone(author, campaign):
    other = UserFactory(username="neighbour")
    theirs = post_story(other, campaign, "Mine, not theirs.")
    delete(signed_in(), "withdraw")
    theirs.refresh_from_db()
    assert theirs.author == other
    assert theirs.text == "Mine, not theirs."
    assert User.objects.filter(username="neighbour").exists()


def test_it_refuses_a_wrong_password_and_deletes_nothing(author, campaign):
    story = post_story(author, campaign, "Still here.")
    client = signed_in()
    response = delete(client, "withdraw", password="not-my-password")
    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.text
    assert User.objects.filter(pk=author.pk).exists()
    story.refresh_from_db()
    assert story.text == "Still here."


def test_it_refuses_a_missing_choice_and_deletes_nothing(author):
    client = signed_in()
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert "Choose what should happen to your stories." in response.text
    response = client.post(reverse("account_delete"), {"stories": "shred-everything", "password": PASSWORD})
    assert "Select a valid choice" in response.text
    assert User.objects.filter(pk=author.pk).exists()


def test_it_refuses_a_deletion_without_csrf_token(author):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert delete(client, "withdraw").status_code == 403
    assert User.objects.filter(pk=author.pk).exists()


def test_it_sends_an_anonymous_visitor_to_sign_in(client):
    response = delete(client, "withdraw")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_refuses_the_wrong_method(client, author):
    client.force_login(author)
    assert client.put(reverse("account_delete")).status_code == 405
    assert User.objects.filter(pk=author.pk).exists()


def test_it_leaves_staff_accounts_to_an_administrator(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = delete(client, "withdraw", password=PASSWORD)
    assert response.status_code == 302
    assert User.objects.filter(pk=staff.pk).exists()


# --- export ------------------------------------------------------------------------------


def test_it_exports_exactly_the_person_s_stories(client, author, campaign):
    other_campaign = CampaignFactory(slug="notokay")
    first = post_story(author, campaign, "First, in 2009.", context={"kind": "assault", "setting": "workplace"})
    second = post_story(author, other_campaign, "Second.", anonymity=Anonymity.ANONYMOUS)
    StoryFactory(text="Someone else's story.", author=UserFactory(username="neighbour"))
    StoryFactory(text="An anonymous stranger's story.")
    client.force_login(author)

    response = client.get(reverse("account_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    # Times are coarse and ids random, so two stories posted together have no order to test.
    exported = {story["public_id"]: story for story in data["stories"]}
    assert set(exported) == {first.public_id, second.public_id}
    assert (exported[first.public_id]["text"], exported[second.public_id]["text"]) == ("First, in 2009.", "Second.")
    assert (exported[first.public_id]["campaign"], exported[second.public_id]["campaign"]) == ("metoo", "notokay")
    assert exported[first.public_id]["context"]["kind"] == "assault" and exported[first.public_id]["context"]["setting"] == "workplace"
    assert exported[first.public_id]["shown_as"] == "named" and exported[first.public_id]["display_name"] == "Willow B"
    assert "Someone else" not in response.content.decode() and "stranger" not in response.content.decode()


def test_the_export_holds_everything_about_the_account(client, author, campaign):
    """Issue 13.6: display names, context answers, decisions and reasons told to the author, appeals, times."""
    from moderation import services as moderation_services
    from tests.moderation.helpers import held, moderator

    story = post_story(author, campaign, "Told to my account.", anonymity=Anonymity.PSEUDONYM, display_name="Robin", context={"gender": "woman"})
    moderation_services.screen_story_by_id(story_id=story.pk)
    staff = moderator()
    story = held(Story.objects.get(pk=story.pk), staff)
    moderation_services.decide(story_id=story.pk, moderator=staff, version=story.version, action="reject", reason_code="other", note="Please remove the school's name.")
    moderation_services.file_appeal(story=Story.objects.get(pk=story.pk), message="It is a big school.")
    client.force_login(author)

    data = json.loads(client.get(reverse("account_export")).content)

    assert data["format"] == "chorus-account-export" and data["version"] == 1
    account = data["account"]
    assert (account["username"], account["display_name"], account["email"]) == (USERNAME, "Willow B", EMAIL)
    assert account["email_addresses"] == [{"email": EMAIL, "verified": True, "primary": True}]
    assert account["joined"] and "two_factor_methods" in account
    exported = data["stories"][0]
    assert exported["display_name"] == "Robin" and exported["context"]["gender"] == "woman"
    assert exported["created"] and exported["updated"] and exported["status"] == "rejected"
    decision = exported["decisions"][0]
    assert decision["action"] == "reject" and decision["reason_code"] == "other" and decision["reason"]
    assert decision["note_to_author"] == "Please remove the school's name." and decision["decided"]
    assert decision["appeal"]["message"] == "It is a big school." and decision["appeal"]["outcome"] == "waiting"
    assert staff.username not in json.dumps(data), "moderators stay unnamed"


def test_it_exports_an_empty_list_for_someone_without_stories(client):
    client.force_login(UserFactory())
    assert json.loads(client.get(reverse("account_export")).content)["stories"] == []


def test_it_sends_an_anonymous_visitor_to_sign_in_for_the_export(client):
    response = client.get(reverse("account_export"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_refuses_to_export_by_post(client, author):
    client.force_login(author)
    assert client.post(reverse("account_export")).status_code == 405


def test_it_links_export_and_deletion_from_the_account_page(client, author):
    client.force_login(author)
    page = client.get(reverse("account_stories"))
    assert reverse("account_export") in page.text
    assert reverse("account_delete") in page.text


def test_it_no_longer_finds_a_story_from_the_withdrawn_ones(author, campaign):
    post_story(author, campaign, "Gone soon.")
    delete(signed_in(), "withdraw")
    assert not Story.objects.exclude(text="").exists()
