"""The 503 answer for a database outage, in process (the real outage is test_database_lost.py)."""

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client

from stories.models import Tap
from tests.factories import metoo


@pytest.fixture
def browser(db):
    metoo()
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("error", [OperationalError("terminating connection"), InterfaceError("connection already closed")])
def test_a_lost_connection_is_answered_503_with_a_retry_message(browser, monkeypatch, error):
    def lost(**kwargs):
        raise error

    monkeypatch.setattr("stories.services.record_tap", lost)
    response = browser.post("/c/metoo/metoo/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    body = response.content.decode()
    assert "Please try again shortly" in body and "nothing was saved" in body
    assert 'id="quick-exit"' in body
    assert not Tap.objects.exists()


def test_a_programming_error_is_still_a_server_error(browser, monkeypatch):
    def bug(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("stories.services.record_tap", bug)
    assert browser.post("/c/metoo/metoo/").status_code == 500


def test_the_page_renders_even_when_the_request_needs_the_database(rf, db):
    from config.database_outage import try_again_shortly

    request = rf.get("/")

    class UserThatNeedsTheDatabase:
        @property
        def is_authenticated(self):
            raise OperationalError("server closed the connection")

    request.user = UserThatNeedsTheDatabase()
    response = try_again_shortly(request)
    assert response.status_code == 503
    assert "Please try again shortly" in response.content.decode()


def test_a_signed_in_visitor_also_gets_503_when_the_session_cannot_be_loaded(browser, monkeypatch):
    from accounts.session_store import SessionStore
    from tests.factories import UserFactory

    browser.force_login(UserFactory())

    def lost(self):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "load", lost)
    assert browser.get("/").status_code == 503
