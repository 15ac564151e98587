"""The flash-message cookie names nobody and is pinned to this host.

Django's cookie message storage signs its cookie but does not encrypt it:
allauth's "Successfully signed in as <username>." could be read by anyone who
sees the cookie jar (a shared computer, an abuser checking a phone).
"""

import base64
import zlib

from django.conf import settings
from django.core import signing
from django.test import Client, override_settings

from tests.factories import PASSWORD, UserFactory


def cookie_text(value: str) -> str:
    """Return what a messages cookie says, decoded the way anyone holding it can (no key needed)."""
    payload = value.split(":")[0]
    compressed = payload.startswith(".")
    raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode()


def messages_cookie(response):
    names = [name for name in response.cookies if name.endswith("messages")]
    assert len(names) == 1, list(response.cookies)
    return names[0], response.cookies[names[0]]


def test_it_does_not_name_the_person_who_signed_in(db):
    user = UserFactory(username="rosalind-w", email="rosalind@example.org", password=PASSWORD)
    response = Client().post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302
    _name, morsel = messages_cookie(response)
    text = cookie_text(morsel.value)
    assert "signed in" in text
    assert "rosalind" not in text.lower()
    assert signing.get_cookie_signer(salt="django.contrib.messages").unsign(morsel.value)  # really the messages cookie


def test_it_is_host_prefixed_and_secure_with_https(db):
    user = UserFactory(password=PASSWORD)
    with override_settings(SESSION_COOKIE_SECURE=True, ALLOWED_HOSTS=["chorus.example.org"]):
        response = Client().post(
            "/accounts/login/", {"login": user.username, "password": PASSWORD},
            secure=True, headers={"host": "chorus.example.org"},
        )
        name, morsel = messages_cookie(response)
    assert name == "__Host-messages"
    assert morsel["secure"] and morsel["httponly"] and morsel["path"] == "/" and not morsel["domain"]


def test_it_keeps_the_plain_name_without_https(db):
    user = UserFactory(password=PASSWORD)
    with override_settings(SESSION_COOKIE_SECURE=False):
        name, _morsel = messages_cookie(Client().post("/accounts/login/", {"login": user.username, "password": PASSWORD}))
    assert name == "messages"
    assert settings.MESSAGE_STORAGE
