"""The token-free POSTs of cacheable pages (tap, "I believe you", language) refuse other origins."""

import pytest
from django.test import Client

from stories.models import Tap
from tests.factories import StoryFactory

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
CROSS_SITE = {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://attacker.example"}


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def test_a_same_origin_tap_needs_no_token(browser, campaign):
    assert browser.post("/c/metoo/metoo/", **SAME_ORIGIN).status_code == 302
    assert Tap.objects.count() == 1


@pytest.mark.parametrize("headers", [
    CROSS_SITE,
    {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://sub.testserver.example"},
    {"HTTP_SEC_FETCH_SITE": "cross-site"},
    {"HTTP_ORIGIN": "https://attacker.example"},  # an older browser: no Sec-Fetch-Site, a foreign Origin
])
def test_a_cross_origin_tap_is_refused(browser, campaign, headers):
    response = browser.post("/c/metoo/metoo/", **headers)
    assert response.status_code == 403
    assert Tap.objects.count() == 0


def test_a_typed_or_bookmarked_post_counts(browser, campaign):
    assert browser.post("/c/metoo/metoo/", HTTP_SEC_FETCH_SITE="none").status_code == 302


def test_an_older_browser_on_our_own_origin_counts(browser, campaign):
    assert browser.post("/c/metoo/metoo/", HTTP_ORIGIN="http://testserver").status_code == 302


def test_believe_refuses_another_origin_and_needs_no_token_from_ours(browser, campaign):
    from django.utils import timezone

    from stories.models import Status

    story = StoryFactory(status=Status.PUBLISHED, published_at=timezone.now())
    assert browser.post(f"/stories/{story.public_id}/believe/", **CROSS_SITE).status_code == 403
    story.refresh_from_db()
    assert story.believed == 0
    assert browser.post(f"/stories/{story.public_id}/believe/", **SAME_ORIGIN).status_code == 302
    story.refresh_from_db()
    assert story.believed == 1


def test_the_language_switch_refuses_another_origin(browser, campaign):
    refused = browser.post("/i18n/setlang/", {"language": "fr", "next": "/"}, **CROSS_SITE)
    assert refused.status_code == 403
    switched = browser.post("/i18n/setlang/", {"language": "fr", "next": "/"}, **SAME_ORIGIN)
    assert switched.status_code == 302
    assert switched.cookies


def test_every_other_post_still_needs_the_token(browser, campaign):
    assert browser.post("/share/", {"text": "x"}, **SAME_ORIGIN).status_code == 403
    assert browser.post("/my-story/", {"key": "a b c"}, **SAME_ORIGIN).status_code == 403
