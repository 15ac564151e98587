"""Issue 13.2: nothing Chorus leaves in the browser outlives the visit, every cookie is on the privacy
page, and "leave no trace" clears them all (docs/threat-model.md, "The device")."""

import pytest
from django.conf import settings
from django.test import Client

from stories import services
from stories.browser_memory import BELIEVED, COUNTED, FLAGGED, chorus_cookies
from stories.choices import Status
from tests.factories import PASSWORD, UserFactory, metoo

pytestmark = pytest.mark.django_db


def journey(client) -> dict:
    """Walk through everything that sets a cookie; return {name: morsel} for every cookie set."""
    seen = {}

    def keep(response):
        for name, morsel in response.cookies.items():
            if morsel.value or morsel["max-age"] != 0:
                seen[name] = morsel
        return response

    story = services.submit_story(campaign=metoo(), text="On the wall for a while.", anonymity="anonymous").story
    services.change_story_status(story=story, status=Status.PUBLISHED)
    keep(client.get("/"))
    keep(client.post("/c/metoo/metoo/"))
    keep(client.get("/c/metoo/"))
    keep(client.post(f"/stories/{story.public_id}/believe/"))
    keep(client.post(f"/stories/{story.public_id}/flag/", {"reason": "spam"}))
    keep(client.get("/share/"))
    keep(client.post("/share/", {"campaign": "metoo", "text": "A story of mine.", "anonymity": "anonymous"}))
    keep(client.post("/i18n/setlang/", {"language": "fr", "next": "/"}))
    user = UserFactory()
    keep(client.post("/accounts/login/", {"login": user.username, "password": PASSWORD}))
    keep(client.get("/account/stories/"))
    return seen


def test_every_cookie_a_visit_sets_is_on_the_privacy_page_and_ends_with_the_browser(client):
    listed = {cookie.name for cookie in chorus_cookies()}
    seen = journey(client)
    assert {COUNTED.cookie_name, BELIEVED.cookie_name, FLAGGED.cookie_name, settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME} <= set(seen)
    assert set(seen) <= listed, f"cookies the privacy page does not list: {set(seen) - listed}"
    for name, morsel in seen.items():
        assert not morsel["max-age"] and not morsel["expires"], f"{name} outlives the browser: {morsel.OutputString()}"
    page = Client().get("/privacy/").content.decode()
    for cookie in chorus_cookies():
        assert f"<code>{cookie.name}</code>" in page
        assert str(cookie.purpose) in page.replace("&quot;", '"').replace("&#x27;", "'")
    assert page.count("until you close the browser") == len(chorus_cookies())


def test_leave_no_trace_clears_everything_and_sets_nothing(client):
    seen = journey(client)
    assert client.get("/account/stories/").status_code == 200, "signed in before"
    response = client.post("/privacy/leave-no-trace/")
    assert response.status_code == 200
    assert response["Clear-Site-Data"] == '"cookies", "storage"'
    for name in seen:
        assert name in response.cookies, f"{name} was not expired"
        assert response.cookies[name].value == "" and response.cookies[name]["max-age"] == 0, name
    assert "csrfmiddlewaretoken" not in response.content.decode(), "the answer itself sets no new cookie"
    assert "no-store" in response["Cache-Control"]
    assert 'id="history"' in response.content.decode(), "with advice on the history and private windows"
    fresh = Client()
    fresh.cookies = client.cookies
    assert fresh.get("/account/stories/").status_code == 302, "signed out"


def test_leave_no_trace_is_offered_on_the_privacy_page_and_after_posting(client, campaign):
    assert 'action="/privacy/leave-no-trace/"' in client.get("/privacy/").content.decode()
    done = client.post("/share/", {"campaign": "metoo", "text": "A story of mine.", "anonymity": "anonymous"})
    assert 'action="/privacy/leave-no-trace/"' in done.content.decode()


def test_leave_no_trace_by_get_is_a_page_with_a_way_on(client, db):
    response = client.get("/privacy/leave-no-trace/")
    assert response.status_code == 405 and 'id="quick-exit"' in response.content.decode()
