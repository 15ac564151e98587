"""Staff pages: signed in, staff, the right permission and two-factor authentication, or nothing."""

import re
import uuid

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.guards import has_2fa, staff_required
from tests.factories import StaffFactory, UserFactory, enrol_totp

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.guarded_urls")]

ENROL = "/accounts/2fa/totp/activate/"


def as_user(client, user):
    client.force_login(user)
    return client


def test_it_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/test-guard/moderate/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/test-guard/moderate/"


def test_it_refuses_someone_who_is_not_staff(client):
    response = as_user(client, UserFactory()).get("/test-guard/staff/")
    assert response.status_code == 403
    assert "This page is not available to you" in response.text


def test_it_refuses_staff_without_the_permission(client):
    moderator = StaffFactory(role="moderator")
    enrol_totp(moderator)
    assert as_user(client, moderator).get("/test-guard/appeals/").status_code == 403


def test_it_sends_staff_without_2fa_to_enrolment(client):
    response = as_user(client, StaffFactory(role="moderator")).get("/test-guard/moderate/", follow=True)
    assert response.redirect_chain[0] == (ENROL, 302)
    assert "Staff pages need two-factor authentication" in response.text


def test_it_lets_staff_with_2fa_and_the_permission_through(client):
    senior = StaffFactory(role="senior moderator")
    enrol_totp(senior)
    client = as_user(client, senior)
    assert client.get("/test-guard/moderate/").text == "moderation page"
    assert client.get("/test-guard/appeals/").text == "appeals page"
    assert client.get("/test-guard/staff/").text == "staff page"


def test_it_lets_an_inactive_staff_member_nowhere(client):
    staff = StaffFactory(role="admin", is_superuser=True)
    enrol_totp(staff)
    client = as_user(client, staff)
    staff.is_active = False
    staff.save()
    response = client.get("/test-guard/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_counts_only_an_authenticator_app_as_2fa():
    staff = StaffFactory()
    assert has_2fa(staff) is False
    enrol_totp(staff)
    assert has_2fa(staff) is True


def test_it_refuses_to_be_used_without_parentheses():
    with pytest.raises(TypeError):
        staff_required(lambda request: None)


def test_it_asks_for_the_password_again_for_a_sensitive_action(client, settings):
    moderator = StaffFactory(role="moderator")
    enrol_totp(moderator)
    client = as_user(client, moderator)
    response = client.post("/test-guard/sensitive/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    resumed = client.post(
        reverse("account_reauthenticate") + "?next=/test-guard/sensitive/", {"password": "a-long-test-password-9"}
    )
    assert resumed.status_code == 200
    assert resumed.text == "sensitive POST"  # the kept request was replayed
    assert client.post("/test-guard/sensitive/").text == "sensitive POST"  # within 5 minutes: no new question


def test_it_asks_again_after_five_minutes(client):
    import time_machine
    from django.utils import timezone

    moderator = StaffFactory(role="moderator")
    enrol_totp(moderator)
    client = as_user(client, moderator)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password-9"})
        assert client.post("/test-guard/sensitive/").status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=4), tick=False):
        assert client.post("/test-guard/sensitive/").status_code == 200
    with time_machine.travel(start + timezone.timedelta(minutes=5, seconds=1), tick=False):
        response = client.post("/test-guard/sensitive/")
        assert response["Location"].startswith(reverse("account_reauthenticate"))


# --- The Django admin -----------------------------------------------------------------

ADMIN = "/" + settings.ADMIN_PATH


def test_the_admin_is_not_at_the_usual_path(client):
    assert ADMIN != "/admin/"
    assert client.get("/admin/").status_code == 404


def test_the_admin_sends_an_anonymous_visitor_to_the_allauth_sign_in(client):
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_the_admin_refuses_someone_who_is_not_staff(client):
    assert as_user(client, UserFactory()).get(ADMIN).status_code == 403


def test_the_admin_sends_staff_without_2fa_to_enrolment(client):
    admin = StaffFactory(role="admin", is_superuser=True)
    response = as_user(client, admin).get(ADMIN + "accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == ENROL


def test_the_admin_opens_for_an_admin_with_2fa(client):
    admin = StaffFactory(role="admin", is_superuser=True)
    enrol_totp(admin)
    assert as_user(client, admin).get(ADMIN + "accounts/user/").status_code == 200


# --- Every staff URL in the project ------------------------------------------------------


def staff_urls():
    """Yield (url, permission) for every view decorated with @staff_required in the project."""
    dummy = {"int": "987654", "slug": "no-such-thing", "str": "no-such-thing", "uuid": str(uuid.uuid4()), "path": "x", "public_id": "noSuchStory1"}

    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "staff_permission"):
                route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: dummy[m.group(1) or "str"], prefix + str(pattern.pattern))
                yield "/" + route, pattern.callback.staff_permission

    yield from walk(get_resolver("config.urls"))


def test_every_staff_url_sends_staff_without_2fa_to_enrolment(client):
    found = list(staff_urls())
    assert len(found) >= 15, "every moderation view is guarded"
    superuser_without_2fa = StaffFactory(role="admin", is_superuser=True)
    client = as_user(client, superuser_without_2fa)
    for url, _permission in found:
        answers = [client.get(url), client.post(url)]
        assert all(answer.status_code in (302, 405) for answer in answers), url
        assert any(answer.status_code == 302 and answer["Location"] == ENROL for answer in answers), url


def test_every_staff_url_refuses_someone_who_is_not_staff(client):
    found = list(staff_urls())
    assert len(found) >= 15, "every moderation view is guarded"
    client = as_user(client, UserFactory())
    for url, _permission in found:
        assert {client.get(url).status_code, client.post(url).status_code} <= {403, 405}, url
