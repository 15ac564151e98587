"""Finished bytes for anonymous readers of the wall (config/anonymous_cache.py)."""

import re

import pytest
from django.test import Client

from config import anonymous_cache
from stories import services
from tests.factories import PASSWORD, StaffFactory, StoryFactory, UserFactory

HIT = anonymous_cache.CACHE_STATUS_HEADER


@pytest.fixture(autouse=True)
def _cache_on(settings, monkeypatch):
    from django.core.cache import cache

    settings.ANONYMOUS_CACHE_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(anonymous_cache, "clock", lambda: now[0])
    cache.clear()  # every test's entries are stored at the same (made-up) time: no refresh flag of another test
    anonymous_cache._refresh_asked.clear()
    return now


def advance(clock, seconds):
    clock[0] += seconds


def published_story():
    from django.utils import timezone

    from stories.models import Status

    return StoryFactory(status=Status.PUBLISHED, published_at=timezone.now(), text="It happened at work.")


def test_it_serves_the_second_anonymous_reader_from_finished_bytes(campaign):
    first = Client().get("/")
    second = Client().get("/")
    assert first.status_code == second.status_code == 200
    assert first[HIT] == "miss" and second[HIT] == "hit"
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "X-Content-Type-Options", "Vary"):
        assert second[header] == first[header]


@pytest.mark.parametrize("path", ["/", "/c/metoo/", "/stories/", "/stories/?kind=harassment", "/api/v1/counts",
                                  "/api/v1/counts.csv", "/api/v1/timeline", "/badge/metoo.svg"])
def test_it_caches_every_wall_page_for_anonymous_readers(campaign, path):
    assert Client().get(path)[HIT] == "miss"
    hit = Client().get(path)
    assert hit.status_code == 200 and hit[HIT] == "hit"
    assert not hit.cookies


def test_the_wall_says_it_is_the_same_for_every_anonymous_reader(campaign):
    response = Client().get("/")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=2" in cache_control and "max-age=0" in cache_control
    vary = {name.strip().lower() for name in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary


def test_a_second_visitor_never_gets_the_first_ones_csrf_token_or_cookies(campaign):
    # A story's page still carries the flag form's per-visitor token: it must never be stored.
    story = published_story()
    first = Client().get(story.get_absolute_url())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', first.content.decode())
    assert token and first.cookies
    second = Client().get(story.get_absolute_url())
    assert second.get(HIT) != "hit"
    assert token.group(1) not in second.content.decode()
    assert {cookie.value for cookie in second.cookies.values()}.isdisjoint(cookie.value for cookie in first.cookies.values())


def test_a_second_visitor_never_gets_the_first_ones_message(campaign):
    tapper = Client()
    assert tapper.post("/c/metoo/metoo/").status_code == 302
    own_page = tapper.get("/c/metoo/")
    assert "You are counted" in own_page.content.decode()
    assert own_page.get(HIT) is None  # carrying a message cookie: neither served from nor stored in the cache
    for _ in range(2):
        other = Client().get("/c/metoo/")
        assert "You are counted" not in other.content.decode()
        assert not other.cookies


def test_signed_in_and_staff_pages_are_never_cached(campaign):
    anonymous = Client().get("/")
    assert anonymous[HIT] == "miss"
    member = Client()
    member.login(username=UserFactory().username, password=PASSWORD)
    staff = Client()
    staff.login(username=StaffFactory().username, password=PASSWORD)
    for visitor in (member, staff, member):
        response = visitor.get("/")
        assert response.get(HIT) is None
        assert "Sign in" not in response.content.decode()
    assert "Sign in" in Client().get("/").content.decode()


def test_a_signed_in_visitors_page_never_reaches_an_anonymous_one(campaign, settings):
    member = Client()
    member.login(username=UserFactory(username="someone-signed-in").username, password=PASSWORD)
    member.get("/")
    response = Client().get("/")
    assert response[HIT] == "miss"
    assert "Sign in" in response.content.decode()


def test_counts_stay_live_within_the_cache_lifetime(campaign, settings, _cache_on):
    settings.WALL_CACHE_SECONDS = 0  # the snapshot itself: only the finished bytes are under test
    before = Client().get("/api/v1/counts").json()["total"]["voices"]
    services.record_tap(campaign=campaign, context={})
    assert Client().get("/api/v1/counts").json()["total"]["voices"] == before  # served from the bytes
    advance(_cache_on, settings.ANONYMOUS_CACHE_SECONDS)
    assert Client().get("/api/v1/counts").json()["total"]["voices"] == before + 1


def test_it_keys_by_language(campaign):
    english = Client().get("/", HTTP_ACCEPT_LANGUAGE="en")
    french = Client().get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert french[HIT] == "miss"
    assert english.content != french.content
    assert french["Content-Language"] == "fr"
    assert Client().get("/", HTTP_ACCEPT_LANGUAGE="fr").content == french.content


def test_it_answers_head_from_the_cache_without_a_body(campaign):
    full = Client().get("/stories/")
    head = Client().head("/stories/")
    assert head.status_code == 200 and head[HIT] == "hit"
    assert head.content == b""
    assert int(head["Content-Length"]) == len(full.content)


def test_it_never_serves_a_host_that_is_not_allowed(campaign):
    Client().get("/")
    assert Client().get("/", HTTP_HOST="evil.example").status_code == 400


def test_posts_and_other_pages_are_not_cached(campaign):
    assert Client().get("/share/").get(HIT) is None
    assert Client().get("/privacy/").get(HIT) is None
    assert Client().post("/c/metoo/metoo/").get(HIT) is None


def test_it_is_off_at_zero_seconds(campaign, settings):
    settings.ANONYMOUS_CACHE_SECONDS = 0
    Client().get("/")
    assert Client().get("/").get(HIT) is None


def test_it_forgets_the_oldest_pages_first():
    store = anonymous_cache.FinishedResponses(max_entries=2)
    for key in ("a", "b", "c"):
        store.put((key,), anonymous_cache.Entry(anonymous_cache.clock(), 200, (), b""))
    assert store.get(("a",), 10) is None
    assert store.get(("c",), 10) is not None


def test_a_response_that_rendered_a_token_or_used_a_message_is_never_stored(rf):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    def request():
        made = rf.get("/")
        made._messages = CookieStorage(made)
        return made

    assert anonymous_cache.holds_nothing_of_one_visitor(request(), HttpResponse("ok"))
    with_token = request()
    with_token.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not anonymous_cache.holds_nothing_of_one_visitor(with_token, HttpResponse("ok"))
    with_message = request()
    with_message._messages.add(20, "Only for this visitor")
    assert not anonymous_cache.holds_nothing_of_one_visitor(with_message, HttpResponse("ok"))
    private = HttpResponse("ok")
    private["Cache-Control"] = "private"
    assert not anonymous_cache.holds_nothing_of_one_visitor(request(), private)


def test_pages_with_the_flood_check_stay_the_same_for_everyone_and_the_challenge_is_never_stored(campaign):
    from django.urls import reverse

    from stories.models import FloodSwitch

    FloodSwitch.objects.update_or_create(pk=1, defaults={"proof_of_work": True})
    first = Client().get("/")
    assert "<altcha-widget" in first.content.decode()
    second = Client().get("/")
    # The widget fetches its challenge: the page itself holds nothing of one reader and is cached.
    assert second[HIT] == "hit" and second.content == first.content
    url = reverse("flood_check_challenge")
    one, two = Client().get(url), Client().get(url)
    assert one.get(HIT) != "hit" and two.get(HIT) != "hit"
    assert one.content != two.content  # each reader gets a challenge of their own


def test_another_process_takes_the_bytes_one_process_rendered(campaign):
    first = Client().get("/stories/")
    anonymous_cache.responses.clear()  # as if the next request reached another gunicorn process
    second = Client().get("/stories/")
    assert second[HIT] == "hit"
    assert second.content == first.content


def test_a_shared_entry_is_not_served_past_its_lifetime(campaign, settings, _cache_on):
    Client().get("/stories/")
    anonymous_cache.responses.clear()
    advance(_cache_on, settings.ANONYMOUS_CACHE_SECONDS)
    assert Client().get("/stories/")[HIT] == "miss"


def test_a_browser_that_was_counted_still_reads_the_shared_page(campaign):
    tapper = Client()
    tapper.post("/c/metoo/metoo/")
    tapper.get("/c/metoo/")  # shows the message once, and forgets it
    assert tapper.cookies.get("__Host-counted") or tapper.cookies.get("counted")
    Client().get("/")
    again = tapper.get("/")
    assert again[HIT] == "hit"
    assert "You are counted" not in again.content.decode()


def test_one_request_of_all_processes_renders_a_page_ahead_of_its_expiry(campaign, settings, _cache_on):
    """In the last quarter of an entry's life one GET renders the next; no copy is ever served past its lifetime."""
    seconds = settings.ANONYMOUS_CACHE_SECONDS
    first = Client().get("/stories/")
    advance(_cache_on, seconds * 0.5)
    assert Client().get("/stories/")[HIT] == "hit"  # not yet in the refresh quarter
    advance(_cache_on, seconds * 0.3)
    published_story()  # a change the next rendering shows
    refreshed = Client().get("/stories/")
    assert refreshed[HIT] == "miss" and refreshed.content != first.content  # this request rendered it
    assert Client().get("/stories/").content == refreshed.content  # and this process serves the new bytes
    anonymous_cache.responses.clear()  # another process: it takes the new bytes from the shared cache
    other = Client().get("/stories/")
    assert other[HIT] == "hit" and other.content == refreshed.content


def test_a_process_that_does_not_win_the_refresh_serves_its_bytes_until_they_expire(campaign, settings, _cache_on):
    from django.core.cache import cache

    seconds = settings.ANONYMOUS_CACHE_SECONDS
    first = Client().get("/stories/")
    entry = next(iter(anonymous_cache.responses.entries.items()))
    key, stored = entry[0], entry[1]
    cache.add(f"{anonymous_cache._shared_key(key)}:refresh:{stored.stored_at!r}", 1, 60)  # another process renders it
    advance(_cache_on, seconds * 0.9)
    published_story()
    for _ in range(3):
        later = Client().get("/stories/")
        assert later[HIT] == "hit" and later.content == first.content
        assert int(later["Age"]) < seconds
    advance(_cache_on, seconds * 0.1)  # expired, and nobody shared a new one: this process renders it
    assert Client().get("/stories/")[HIT] == "miss"


def test_a_head_request_never_takes_the_refresh(campaign, settings, _cache_on):
    seconds = settings.ANONYMOUS_CACHE_SECONDS
    Client().get("/stories/")
    advance(_cache_on, seconds * 0.9)
    assert Client().head("/stories/")[HIT] == "hit"
    assert Client().get("/stories/")[HIT] == "miss"  # the refresh is still there for a GET to take
