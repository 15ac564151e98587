"""Sign-up: a username and a password; an e-mail only if the person wants password reset."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")


def signup(client, **fields):
    data = {"username": "quietvoice", "email": "", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(SIGNUP, data)


def test_it_says_plainly_what_the_email_is_for(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert "E-mail (optional)" in response.text
    assert "Used for password reset only" in response.text


def test_it_signs_up_without_an_email(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(username="quietvoice")
    assert user.email == ""
    assert not EmailAddress.objects.filter(user=user).exists()
    assert mail.outbox == []
    assert client.get(reverse("account_stories")).status_code == 200


def test_it_verifies_an_email_when_one_is_given(client):
    signup(client, email="quiet@example.org")
    address = EmailAddress.objects.get(user__username="quietvoice")
    assert address.email == "quiet@example.org"
    assert not address.verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["quiet@example.org"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short"),
        ("password123", "This password is too common"),
        ("48120937561", "This password is entirely numeric"),
        ("quietvoice1", "The password is too similar to the username"),
    ],
)
def test_it_refuses_a_weak_password_and_creates_nothing(client, password, message):
    response = signup(client, password1=password, password2=password)
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.exists()


def test_it_refuses_two_different_passwords(client):
    response = signup(client, password2=PASSWORD + "x")
    assert "You must type the same password each time." in response.text
    assert not User.objects.exists()


def test_it_refuses_a_duplicate_username_and_changes_nothing(client):
    existing = UserFactory(username="quietvoice")
    response = signup(client, username="QuietVoice")
    assert response.status_code == 200
    assert "A user with that username already exists." in response.text
    assert list(User.objects.all()) == [existing]
    assert not response.wsgi_request.user.is_authenticated


def test_it_refuses_a_signup_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = signup(client)
    assert response.status_code == 403
    assert not User.objects.exists()


def test_it_answers_the_same_whether_an_email_is_taken_or_not(client):
    """Enumeration prevention: sign-up never says that an address belongs to someone."""
    owner = UserFactory(username="first", email="taken@example.org")
    EmailAddress.objects.create(user=owner, email="taken@example.org", verified=True, primary=True)
    taken = signup(client, username="second", email="taken@example.org")
    fresh = signup(Client(), username="third", email="fresh@example.org")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    # The owner's verified address stays theirs alone.
    assert EmailAddress.objects.get(email="taken@example.org", verified=True).user == owner
