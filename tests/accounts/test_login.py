"""Signing in: answers that reveal nothing, a fresh session id, throttling keyed on no raw address."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from accounts.models import UserSession
from config.client_address import address_hmac
from tests.factories import PASSWORD, StaffFactory, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("account_login"), {"login": username, "password": password}, **extra)


def body_shape(response, *typed) -> str:
    """Return the page with the CSRF token and what the visitor typed blanked out."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', response.text)
    for value in typed:
        text = text.replace(value, "TYPED")
    return text


def test_it_answers_the_same_for_a_wrong_password_and_an_unknown_account(client):
    UserFactory(username="known")
    known = login(client, "known", WRONG)
    unknown = login(Client(), "nobody-here", WRONG)
    assert known.status_code == unknown.status_code == 200
    assert "The username and/or password you specified are not correct." in known.text
    assert body_shape(known, "known") == body_shape(unknown, "nobody-here")


def test_it_answers_the_same_password_reset_for_known_and_unknown_addresses(client):
    user = UserFactory(username="known", email="known@example.org")
    EmailAddress.objects.create(user=user, email="known@example.org", verified=True, primary=True)
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert body_shape(client.get(known["Location"])) == body_shape(Client().get(unknown["Location"]))
    # Only the mailbox owner learns anything: the link goes to them.
    assert [message.to for message in mail.outbox] == [["known@example.org"], ["unknown@example.org"]]


def test_it_gives_a_new_session_id_at_sign_in(client, settings):
    UserFactory(username="known")
    session = client.session
    session["before"] = "sign-in"
    session.save()
    before = session.session_key
    response = login(client, "known")
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not UserSession.objects.filter(session_key=before).exists()
    assert UserSession.objects.get(session_key=after).user_id == response.wsgi_request.user.pk


def test_it_sends_a_staff_member_without_2fa_to_enrolment_after_sign_in(client):
    StaffFactory(username="newmod")
    response = login(client, "newmod")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_it_sends_other_people_home_after_sign_in(client):
    UserFactory(username="known")
    assert login(client, "known")["Location"] == "/"


def test_it_asks_staff_with_2fa_for_their_code(client):
    enrol_totp(StaffFactory(username="mod"))
    response = login(client, "mod")
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get(reverse("account_stories")).wsgi_request.user.is_authenticated


def test_it_throttles_one_account_without_locking_out_another(client):
    UserFactory(username="target")
    UserFactory(username="bystander")
    for _ in range(5):
        assert "not correct" in login(client, "target", WRONG).text
    refused = login(client, "target")  # the right password, too late
    assert refused.status_code == 200
    assert "Too many failed login attempts. Try again later." in refused.text
    assert not refused.wsgi_request.user.is_authenticated
    # Same address, another account: still welcome.
    other = login(Client(), "bystander", REMOTE_ADDR="127.0.0.1")
    assert other.status_code == 302


def test_it_throttles_one_address_without_locking_out_another(client):
    UserFactory(username="careful")
    for attempt in range(10):
        login(client, f"guess{attempt}", WRONG, REMOTE_ADDR="203.0.113.9")
    refused = login(client, "careful", REMOTE_ADDR="203.0.113.9")
    assert "Too many failed login attempts" in refused.text
    assert login(Client(), "careful", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_it_keeps_raw_addresses_out_of_every_cache_key(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "no-raw-ip"}
    }
    address = "198.51.100.77"
    client = Client(REMOTE_ADDR=address)
    UserFactory(username="known", email="known@example.org")
    login(client, "known", WRONG)
    login(client, "nobody", WRONG)
    client.post(reverse("account_signup"), {"username": "new", "password1": "x", "password2": "y"})
    client.post(reverse("account_reset_password"), {"email": "known@example.org"})

    store = caches["default"]._cache
    keys = [str(key) for key in store]
    assert any(":allauth:rl:" in key for key in keys), keys  # the throttle did write its keys
    assert any(address_hmac(address) in key for key in keys)  # keyed on the HMAC...
    assert not any(address in key for key in keys)  # ...never on the address
    assert not any(address.encode() in value for value in store.values())


def test_it_refuses_a_sign_in_without_a_csrf_token():
    UserFactory(username="known")
    client = Client(enforce_csrf_checks=True)
    response = login(client, "known")
    assert response.status_code == 403
    assert not client.get(reverse("account_stories")).wsgi_request.user.is_authenticated
