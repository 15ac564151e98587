"""Two-factor authentication: enrolment, sign-in with a code, wrong and reused codes."""

import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.guards import has_2fa
from tests.factories import PASSWORD, StaffFactory, enrol_totp, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client, username):
    response = client.post(reverse("account_login"), {"login": username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")


def send_code(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def signed_in(client) -> bool:
    return client.get(reverse("account_stories")).wsgi_request.user.is_authenticated


def test_it_signs_staff_in_with_password_and_code(client):
    secret = enrol_totp(StaffFactory(username="mod"))
    sign_in(client, "mod")
    response = send_code(client, totp_code(secret))
    assert response.status_code == 302
    assert signed_in(client)


def test_it_refuses_a_wrong_code_clearly(client):
    secret = enrol_totp(StaffFactory(username="mod"))
    sign_in(client, "mod")
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = send_code(client, wrong)
    assert response.status_code == 200
    assert "Incorrect code." in response.text
    assert not signed_in(client)


def test_it_counts_wrong_codes_towards_the_throttle(client):
    secret = enrol_totp(StaffFactory(username="mod"))
    sign_in(client, "mod")
    wrong = "000000" if totp_code(secret) != "000000" else "111111"
    for _ in range(5):
        assert "Incorrect code." in send_code(client, wrong).text
    response = send_code(client, totp_code(secret))
    assert "Too many failed login attempts" in response.text
    assert not signed_in(client)


def test_it_refuses_a_code_used_once_already(client):
    secret = enrol_totp(StaffFactory(username="mod"))
    with time_machine.travel(timezone.now(), tick=False):
        code = totp_code(secret)
        sign_in(client, "mod")
        assert send_code(client, code).status_code == 302
        assert signed_in(client)

        replay = Client()
        sign_in(replay, "mod")
        response = send_code(replay, code)
        assert response.status_code == 200
        assert "Incorrect code." in response.text
        assert not signed_in(replay)


def test_it_accepts_each_code_once_at_the_source():
    secret = enrol_totp(StaffFactory())
    totp = TOTP(Authenticator.objects.get(type=Authenticator.Type.TOTP))
    with time_machine.travel(timezone.now(), tick=False):
        code = totp_code(secret)
        assert totp.validate_code(code) is True
        assert totp.validate_code(code) is False


def test_it_enrols_a_staff_member_and_gives_recovery_codes(client):
    staff = StaffFactory(username="newmod")
    client.post(reverse("account_login"), {"login": "newmod", "password": PASSWORD})
    # Setting up 2FA is sensitive: allauth asks for the password again first.
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code sits inline: the CSP refuses data: images
    assert "data:image" not in page.text
    secret = re.search(r'id="authenticator-secret" value="([A-Z2-7]+)"', page.text).group(1)

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "12345"})
    assert "Incorrect code." in wrong.text
    assert not has_2fa(staff)

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert has_2fa(staff)
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    assert 'id="recovery-codes"' in codes.text
