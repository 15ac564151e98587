"""Sessions: staff time out, a password change signs every session out."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY, STARTED_KEY
from accounts.models import UserSession
from tests.factories import PASSWORD, StaffFactory, UserFactory, enrol_totp

pytestmark = pytest.mark.django_db

PAGE = "/account/stories/"


def staff_client(client):
    staff = StaffFactory()
    enrol_totp(staff)
    client.force_login(staff)
    assert client.get(PAGE).status_code == 200  # starts the staff clock
    return client


def age_session(client, *, started_ago: int, last_seen_ago: int):
    session = client.session
    now = int(time.time())
    session[STARTED_KEY] = now - started_ago
    session[LAST_SEEN_KEY] = now - last_seen_ago
    session.save()


def test_it_records_when_a_staff_session_started(client):
    staff_client(client)
    assert STARTED_KEY in client.session
    assert LAST_SEEN_KEY in client.session


def test_it_keeps_a_staff_session_used_within_30_minutes(client):
    staff_client(client)
    age_session(client, started_ago=7 * 3600, last_seen_ago=29 * 60)
    assert client.get(PAGE).status_code == 200


def test_it_ends_a_staff_session_idle_for_30_minutes(client):
    staff_client(client)
    age_session(client, started_ago=3600, last_seen_ago=31 * 60)
    response = client.get(PAGE, follow=True)
    assert response.redirect_chain[0] == (reverse("account_login") + "?next=" + PAGE, 302)
    assert "Your staff session has ended" in response.text
    assert not response.wsgi_request.user.is_authenticated


def test_it_ends_a_staff_session_after_8_hours_however_busy(client):
    staff_client(client)
    age_session(client, started_ago=8 * 3600 + 1, last_seen_ago=10)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert not client.get(PAGE).wsgi_request.user.is_authenticated


def test_it_leaves_other_people_s_sessions_alone(client):
    client.force_login(UserFactory())
    age_session(client, started_ago=9 * 3600, last_seen_ago=3600)
    assert client.get(PAGE).status_code == 200


def test_it_restarts_the_staff_clock_at_each_sign_in(client):
    StaffFactory(username="mod")
    client.post(reverse("account_login"), {"login": "mod", "password": PASSWORD})
    assert abs(client.session[STARTED_KEY] - time.time()) < 5


def test_it_records_whose_session_it_is(client):
    user = UserFactory()
    client.force_login(user)
    assert UserSession.objects.get(session_key=client.session.session_key).user_id == user.pk


def test_it_signs_out_every_session_when_the_password_changes(client):
    user = UserFactory(username="author")
    elsewhere = Client()
    for each in (client, elsewhere):
        each.post(reverse("account_login"), {"login": "author", "password": PASSWORD})
        assert each.get(PAGE).status_code == 200
    new = "another-long-passphrase-42"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert not client.get(PAGE).wsgi_request.user.is_authenticated
    assert not elsewhere.get(PAGE).wsgi_request.user.is_authenticated
    user.refresh_from_db()
    assert user.check_password(new)


def test_it_refuses_a_wrong_current_password_and_changes_nothing(client):
    user = UserFactory(username="author")
    client.force_login(user)
    new = "another-long-passphrase-42"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": "wrong-one", "password1": new, "password2": new}
    )
    assert response.status_code == 200
    assert "Please type your current password." in response.text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_it_refuses_a_password_change_without_csrf_token():
    user = UserFactory(username="author")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    new = "another-long-passphrase-42"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
