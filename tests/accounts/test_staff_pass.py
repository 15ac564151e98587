"""A staff page's permissions and 2FA come from the cache, and every change to them takes effect on the next request."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.session_store import end_sessions_of
from tests.factories import StaffFactory, enrol_totp

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.guarded_urls")]

ENROL = "/accounts/2fa/totp/activate/"


def signed_in(client, role="senior moderator"):
    staff = StaffFactory(role=role)
    enrol_totp(staff)
    client.force_login(staff)
    assert client.get("/test-guard/appeals/" if role != "moderator" else "/test-guard/moderate/").status_code == 200
    return staff


def asked_about(queries, *tables):
    return [query["sql"] for query in queries if any(f'"{table}"' in query["sql"] for table in tables)]


def test_a_second_staff_page_asks_no_permission_session_or_2fa_query(client):
    signed_in(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/test-guard/appeals/").status_code == 200
    assert asked_about(queries, "auth_permission", "mfa_authenticator", "accounts_usersession") == []


def test_leaving_a_role_takes_effect_on_the_next_request(client):
    staff = signed_in(client)
    staff.groups.clear()
    assert client.get("/test-guard/appeals/").status_code == 403


def test_a_role_losing_a_permission_takes_effect_on_the_next_request(client):
    signed_in(client)
    Group.objects.get(name="senior moderator").permissions.remove(Permission.objects.get(codename="review_appeals"))
    assert client.get("/test-guard/appeals/").status_code == 403
    assert client.get("/test-guard/moderate/").status_code == 200


def test_a_permission_given_to_a_person_takes_effect_on_the_next_request(client):
    staff = signed_in(client, role="moderator")
    assert client.get("/test-guard/appeals/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="review_appeals"))
    assert client.get("/test-guard/appeals/").status_code == 200


def test_removing_the_authenticator_app_takes_effect_on_the_next_request(client):
    staff = signed_in(client)
    Authenticator.objects.filter(user=staff).delete()
    response = client.get("/test-guard/moderate/")
    assert response.status_code == 302
    assert response["Location"] == ENROL


def test_a_superuser_flag_taken_away_behind_django_s_back_is_seen_at_once(client):
    staff = StaffFactory(role="moderator", is_superuser=True)
    enrol_totp(staff)
    client.force_login(staff)
    assert client.get("/test-guard/appeals/").status_code == 200
    type(staff).objects.filter(pk=staff.pk).update(is_superuser=False)  # no signal
    assert client.get("/test-guard/appeals/").status_code == 403


def test_ending_a_person_s_sessions_ends_the_cached_copies_too(client):
    staff = signed_in(client)
    elsewhere = Client()
    elsewhere.force_login(staff)
    assert elsewhere.get("/test-guard/moderate/").status_code == 200
    assert end_sessions_of(staff.pk) == 2
    for each in (client, elsewhere):
        response = each.get("/test-guard/moderate/")
        assert response.status_code == 302
        assert not response.wsgi_request.user.is_authenticated


def test_a_signed_out_session_cookie_no_longer_signs_in(client):
    signed_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post(reverse("account_logout")).status_code == 302
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = replay.get("/test-guard/moderate/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_without_the_cache_the_guards_ask_the_database(client, cache_down):
    staff = signed_in(client, role="moderator")
    assert client.get("/test-guard/appeals/").status_code == 403
    Authenticator.objects.filter(user=staff).delete()
    assert client.get("/test-guard/moderate/")["Location"] == ENROL


def test_a_cached_session_copy_lapses_within_five_minutes_even_if_it_could_not_be_deleted(client, locmem_cache, time_machine):
    from accounts.models import UserSession
    from accounts.session_store import CACHED_SECONDS

    time_machine.move_to("2026-03-01 10:00:00+00:00", tick=False)
    signed_in(client)
    UserSession.objects.all().delete()  # the row is gone, its copy stays (as when the cache was unreachable at sign-out)
    time_machine.move_to("2026-03-01 10:00:30+00:00", tick=False)
    assert client.get("/test-guard/moderate/").status_code == 200  # read from the cached copy
    time_machine.move_to(f"2026-03-01 10:{CACHED_SECONDS // 60 + 2:02d}:00+00:00", tick=False)
    response = client.get("/test-guard/moderate/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_from_its_second_request_a_staff_page_reads_its_session_and_staff_pass_in_one_round_trip(client, monkeypatch):
    import redis

    signed_in(client, role="moderator")  # the first request reads the staff pass apart, and asks the next to read it ahead
    commands = []
    original = redis.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    assert client.get("/test-guard/moderate/").status_code == 200
    assert commands == ["MGET"]


def test_the_session_read_with_the_staff_pass_is_its_own_whatever_another_session_asked(client):
    from accounts import session_store

    staff = signed_in(client, role="moderator")
    other = Client()
    other_staff = signed_in(other, role="senior moderator")
    # Each session's next request reads with it the names it asked for: never the other's session or pass.
    for _ in range(2):
        assert client.get("/test-guard/moderate/").wsgi_request.user == staff
        assert other.get("/test-guard/appeals/").wsgi_request.user == other_staff
    assert client.get("/test-guard/appeals/").status_code == 403
    # Even if one session's remembered names were another's, it reads its own session by its own key.
    mine, theirs = (hash(c.cookies[settings.SESSION_COOKIE_NAME].value) for c in (client, other))
    session_store._read_next[mine] = session_store._read_next[theirs]
    response = client.get("/test-guard/appeals/")
    assert response.wsgi_request.user == staff and response.status_code == 403


def test_a_staff_pass_read_with_the_session_is_as_fresh_as_the_request(client):
    staff = signed_in(client)
    assert client.get("/test-guard/appeals/").status_code == 200  # read ahead with the session from here on
    Group.objects.get(name="senior moderator").permissions.remove(Permission.objects.get(codename="review_appeals"))
    assert client.get("/test-guard/appeals/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="review_appeals"))
    assert client.get("/test-guard/appeals/").status_code == 200
    Authenticator.objects.filter(user=staff).delete()
    assert client.get("/test-guard/appeals/")["Location"] == ENROL
