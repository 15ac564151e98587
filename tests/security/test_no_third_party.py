"""Promise 5: no page makes the browser contact anyone but the site itself.

Debian's Chromium visits every public page and every staff page (as a moderator with two-factor
authentication) and records every request it makes: each one goes to the live server. The CSP
must not have to block anything either (a blocked inline script would mean a broken page), and
every HTML page carries the quick-exit control.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from moderation import services as moderation
from stories import services
from stories.choices import Status
from tests.factories import UserFactory, enrol_totp, metoo
from tests.security.browser import guarded_context
from tests.security.test_headers import route_paths

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(plain_http_cookies):
    metoo()
    published = services.submit_story(campaign=metoo(), text="It happened at work. I was 24.", anonymity="anonymous").story
    moderation.screen_story_by_id(story_id=published.pk)
    published.refresh_from_db()
    services.change_story_status(story=published, status=Status.PUBLISHED)
    pending = services.submit_story(campaign=metoo(), text="At 14, on the bus.", anonymity="anonymous").story
    moderation.screen_story_by_id(story_id=pending.pk)
    return {"published": published, "pending": pending}


def public_pages(public_id: str) -> list[str]:
    skip = ("/moderation/", "/" + django_settings.ADMIN_PATH, "/account/", "/accounts/2fa/", "/accounts/confirm-email/")
    client = Client()
    pages = []
    for path in route_paths(public_id):
        if path.startswith(skip) or "password/reset/key" in path or path.endswith(".csv"):
            continue  # staff pages are visited signed in; CSV files are downloads
        if client.get(path).status_code == 405:
            continue  # POST-only: the pages holding their forms are visited
        pages.append(path)
    return pages


def staff_pages(pending_id: str) -> list[str]:
    return [
        "/moderation/", "/moderation/?lane=flagged", "/moderation/?lane=spam", f"/moderation/story/{pending_id}/",
        "/moderation/appeals/", "/moderation/audit/", "/moderation/metrics/", "/accounts/2fa/", "/account/stories/",
        "/" + django_settings.ADMIN_PATH,
    ]


def visit_all(context, origin: str, paths: list[str]) -> dict[str, list[str]]:
    """Open each path; return problems by path (CSP reports, missing quick exit)."""
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    for path in paths:
        console.clear()
        response = page.goto(origin + path, wait_until="networkidle")
        assert response is not None and response.status < 500, f"{path} answered {response and response.status}"
        found = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        # Django's own admin is a staff tool outside the site's templates; it has no quick exit.
        is_admin = path.startswith("/" + django_settings.ADMIN_PATH)
        # /blank/ is where the quick exit leaves staff pages: blank on purpose, nothing to exit from.
        is_admin = is_admin or path == "/blank/"
        is_page = "text/html" in (response.headers.get("content-type") or "") and response.status < 400
        if is_page and not is_admin and page.locator("#quick-exit").count() != 1:
            found.append("no quick-exit control")
        if found:
            problems[path] = found
    page.close()
    return problems


def foreign(requests: list[str], origin: str) -> list[str]:
    return sorted({url for url in requests if not url.startswith(origin + "/") and url != origin})


def test_public_pages_contact_only_the_site(in_browser, live_server, site):
    paths = public_pages(site["published"].public_id)
    assert len(paths) >= 15 and "/" in paths and "/share/" in paths

    def scenario(browser):
        context, requests = guarded_context(browser, live_server.url, django_settings.QUICK_EXIT_URL)
        problems = visit_all(context, live_server.url, paths)
        context.close()
        return requests, problems

    requests, problems = in_browser(scenario)
    assert len(requests) >= len(paths), "the browser's requests were recorded"
    assert any(re.search(r"/static/.+\.(css|js)", url) for url in requests), "assets were loaded from the site"
    assert foreign(requests, live_server.url) == []
    assert problems == {}


def test_staff_pages_contact_only_the_site(in_browser, live_server, site):
    # A superuser needs no role group (a transactional test has flushed the migrations' groups).
    staff = UserFactory(username="admin-probe", is_staff=True, is_superuser=True)
    enrol_totp(staff)
    client = Client()
    client.force_login(staff)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    paths = staff_pages(site["pending"].public_id)

    def scenario(browser):
        context, requests = guarded_context(browser, live_server.url, django_settings.QUICK_EXIT_URL)
        context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        problems = visit_all(context, live_server.url, paths)
        page = context.new_page()
        page.goto(live_server.url + "/moderation/")
        signed_in = "/accounts/login" not in page.url and page.locator("main").count() == 1
        context.close()
        return requests, problems, signed_in

    requests, problems, signed_in = in_browser(scenario)
    assert signed_in, "the moderator is signed in"
    assert foreign(requests, live_server.url) == []
    assert problems == {}
