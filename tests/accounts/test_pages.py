"""Every account page: our layout, no inline script or style (strict CSP), nothing from elsewhere."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_change_password",
    "account_email",
    "account_reauthenticate",
    "account_stories",
    "account_delete",
    "mfa_index",
    "mfa_activate_totp",
]
WITH_2FA_PAGES = ["mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp", "mfa_reauthenticate"]


def assert_strict_page(response):
    assert response.status_code == 200, response
    text = response.text
    assert 'id="quick-exit"' in text  # rendered inside base.html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline script"
    assert not re.search(r"\sstyle=", text), "inline style"
    assert "<style" not in text
    # Links may lead elsewhere (the quick exit does); nothing may be loaded from elsewhere.
    assert not re.search(r"""(\ssrc=|<link[^>]*\shref=)["'](https?:)?//""", text), "third-party origin"
    assert "data:image" not in text


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_it_renders_anonymous_pages_strictly(client, name):
    assert_strict_page(client.get(reverse(name)))


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_it_renders_signed_in_pages_strictly(client, name):
    client.force_login(UserFactory(username="author"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert_strict_page(client.get(reverse(name)))


@pytest.mark.parametrize("name", WITH_2FA_PAGES)
def test_it_renders_2fa_pages_strictly(client, name):
    user = UserFactory(username="author")
    enrol_totp(user)
    RecoveryCodes.activate(user)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert_strict_page(client.get(reverse(name)))


def test_it_renders_the_second_factor_page_strictly(client):
    enrol_totp(UserFactory(username="author"))
    client.post(reverse("account_login"), {"login": "author", "password": PASSWORD})
    assert_strict_page(client.get(reverse("mfa_authenticate")))


def test_it_renders_form_errors_inside_our_layout(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert_strict_page(response)
    assert 'class="errorlist' in response.text
