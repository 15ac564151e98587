"""The queue page is spliced into a skeleton kept per shape (moderation/queue_skeleton.py): it must read exactly as the
template renders it, and every per-request part must be this request's own."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from moderation import queue_skeleton, services
from moderation.models import Lane, ModeratorSettings, Review
from tests.catalogues import compile_catalogues
from tests.moderation.helpers import held, moderator, screened_story

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')


def without_token(body: str) -> str:
    assert len(TOKEN.findall(body)) == 1
    return TOKEN.sub('name="csrfmiddlewaretoken" value="…"', body)


def spliced_and_rendered(client, monkeypatch, *args, **kwargs) -> tuple[str, str, int]:
    """The same request answered from the kept skeletons and by the template alone."""
    client.get(*args, **kwargs)  # the first request of a shape renders its skeleton
    spliced = client.get(*args, **kwargs)
    with monkeypatch.context() as patched:
        patched.setattr(queue_skeleton, "_skeleton", lambda *a, **k: None)
        rendered = client.get(*args, **kwargs)
    assert spliced.status_code == rendered.status_code
    return without_token(spliced.content.decode()), without_token(rendered.content.decode()), spliced.status_code


@pytest.fixture
def frozen(time_machine):
    # The waiting times read in minutes: both answers of a pair must be taken in the same one.
    time_machine.move_to(timezone.now(), tick=False)


QUERIES = [{}, {"lane": "spam"}, {"lane": "flagged"}, {"priority": "P3"}, {"start_at": "P2"}, {"priority": "P9"}, {"language": 'e"<s>'}]


def test_the_spliced_page_is_the_template_byte_for_byte_in_every_shape(client, db, monkeypatch, frozen):
    """Every shape one after the other, the skeletons kept: a kept skeleton serves only the shape it was made for."""
    compile_catalogues()
    queue_skeleton.forget_skeletons()
    # Some texts outside ASCII (the page is joined from UTF-8 bytes): accents, typographic quotes, an emoji.
    stories = [
        screened_story(f"Story {n}: it happened after the staff party." if n % 3 else f"Récit {n} : ça s’est passé après la fête — “encore” 🙂").story
        for n in range(28)
    ]
    Review.objects.filter(story__in=stories[:3]).update(lane=Lane.SPAM)
    Review.objects.filter(story__in=stories[3:5]).update(lane=Lane.FLAGGED, flag_count=2)
    plain, senior = moderator(), moderator(role="senior moderator")
    held(stories[6], senior)
    ModeratorSettings.objects.update_or_create(user=senior, defaults={"blur": False, "greyscale": False})
    for user in (plain, senior):
        client.force_login(user)
        for language in ("en", "es", "fr"):
            for query in QUERIES:
                spliced, rendered, status = spliced_and_rendered(client, monkeypatch, "/moderation/", query, headers={"accept-language": language})
                assert spliced == rendered, (user.username, language, query)
                assert status == (400 if query.get("priority") == "P9" else 200)
                assert f'<html lang="{language}">' in spliced
    assert len(queue_skeleton._skeletons) == 2 * 3 * len(QUERIES)
    assert all(queue_skeleton._skeletons.values())  # every shape was spliced, none fell back to the template


def test_the_spliced_page_is_the_template_with_every_notice_and_the_next_page(client, db, monkeypatch, frozen, settings):
    settings.MODERATION_DAILY_LIMIT = 1
    stories = [screened_story(f"Story {n}: it happened on the night bus.").story for n in range(30)]
    user = moderator()
    ModeratorSettings.objects.update_or_create(user=user, defaults={"blur": False, "greyscale": True})
    held(stories[0], user)
    decision = services.decide(story_id=stories[0].pk, moderator=user, version=stories[0].version, action="reject", reason_code="other")
    client.force_login(user)
    session = client.session
    session["moderation-last-decision"] = decision.pk
    session.save()
    first = client.get("/moderation/").content.decode()
    assert "Undo</button>" in first and "gentle limit of 1" in first and "You decided 1 story today." in first
    more = re.search(r'<a href="\?([^"]+)" rel="next">', first)
    spliced, rendered, _status = spliced_and_rendered(client, monkeypatch, f"/moderation/?{more[1].replace('&amp;', '&')}")
    assert spliced == rendered
    assert "Back to the start" in spliced and 'name="next" type="hidden" value="/moderation/?lane=queue&amp;after=' in spliced


def test_each_request_gets_its_own_parts_from_a_shared_skeleton(client, db):
    story = screened_story().story
    first, second = moderator(), moderator()
    held(story, second)
    services.decide(story_id=story.pk, moderator=second, version=story.version, action="reject", reason_code="other")
    waiting = screened_story("It happened on the bus. I was 17.").story
    held(waiting, first)
    client.force_login(first)
    mine = client.get("/moderation/").content.decode()
    client.force_login(second)
    theirs = client.get("/moderation/").content.decode()
    assert "You decided 0 stories today." in mine and "You decided 1 story today." in theirs
    assert f"Being reviewed by {first.username}" in theirs and "Being reviewed by" not in mine
    token = lambda body: TOKEN.search(body)[0]  # noqa: E731
    assert token(mine) != token(theirs)


def test_a_change_of_settings_shows_on_the_next_page(client, db):
    screened_story()
    user = moderator()
    client.force_login(user)
    assert "wellbeing-blur" in client.get("/moderation/").content.decode()
    client.post("/moderation/settings/", {"greyscale": "on"})
    body = client.get("/moderation/").content.decode()
    assert "wellbeing-blur" not in body and "wellbeing-greyscale" in body


def test_a_waiting_message_is_shown_on_the_queue_page(client, db):
    held(screened_story("Un récit qui attend — “déjà” lu ?").story, moderator(role="senior moderator"))
    user = moderator()
    client.force_login(user)
    spliced = client.get("/moderation/").content.decode()  # the skeleton of this shape exists
    client.post("/moderation/next/")  # the one story is held by someone else: back to the queue with a message
    body = client.get("/moderation/").content.decode()  # rendered in full, its rows given as UTF-8 bytes
    assert "Nothing else is waiting in this lane." in body
    assert "Un récit qui attend — “déjà” lu ?" in body and "Un récit qui attend — “déjà” lu ?" in spliced
    assert "Nothing else is waiting in this lane." not in client.get("/moderation/").content.decode()


def test_the_queue_page_is_never_cached_with_the_headers_django_writes(client, db):
    from django.http import HttpResponse
    from django.utils.cache import add_never_cache_headers

    client.force_login(moderator())
    response = client.get("/moderation/")
    expected = HttpResponse()
    add_never_cache_headers(expected)
    assert response["Cache-Control"] == expected["Cache-Control"]
    assert "Expires" in response and "no-store" in response["Cache-Control"]
    # A response that already says something about caching is patched as never_cache patches it.
    public = HttpResponse()
    public["Cache-Control"] = "public, max-age=600"
    patched = queue_skeleton.never_cached(lambda request: public)(None)
    add_never_cache_headers(expected_public := HttpResponse())
    expected_public["Cache-Control"] = "public, max-age=600"
    add_never_cache_headers(expected_public)
    assert patched["Cache-Control"] == expected_public["Cache-Control"]


def test_a_deactivated_moderator_loses_the_page_at_once(client, db):
    screened_story()
    user = moderator()
    client.force_login(user)
    assert client.get("/moderation/").status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_staff_pages_ask_the_user_row_as_the_orm_would(db):
    user = moderator()
    users = get_user_model().objects
    assert users.get(pk=user.pk).__dict__.keys() == users.filter(pk=user.pk).get().__dict__.keys()
    fast, orm = users.get(pk=str(user.pk)), users.filter(pk=user.pk).get()
    assert [getattr(fast, f.attname) for f in fast._meta.concrete_fields] == [getattr(orm, f.attname) for f in orm._meta.concrete_fields]
    assert fast._state.db == orm._state.db and not fast._state.adding
    with pytest.raises(get_user_model().DoesNotExist):
        users.get(pk=user.pk + 1000)
    with pytest.raises(ValueError):
        users.get(pk="not a number")
    assert users.get(id=user.pk) == user
    outsider = moderator(role="senior moderator")
    with pytest.raises(get_user_model().DoesNotExist):
        Group.objects.get(name="moderator").user_set.get(pk=outsider.pk)  # a related manager keeps its own filter
    assert timezone.now() - users.get(pk=user.pk).date_joined < datetime.timedelta(minutes=5)


def test_the_pages_token_is_this_browsers_secret_under_a_new_mask_each_time(db, settings):
    from django.middleware.csrf import _unmask_cipher_token
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator())
    first = browser.get("/moderation/")  # no CSRF cookie yet: Django makes the secret and sets it
    secret = first.cookies[settings.CSRF_COOKIE_NAME].value
    tokens = [TOKEN.search(body)[0].split('value="')[1][:-1] for body in (first.content.decode(), *(browser.get("/moderation/").content.decode() for _ in range(3)))]
    assert len(set(tokens)) == 4 and all(len(token) == 64 for token in tokens)
    assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    again = browser.get("/moderation/")
    # The cookie has no expiry to renew (CSRF_COOKIE_AGE = None) and the browser sent this very secret: not sent again.
    assert settings.CSRF_COOKIE_AGE is None and settings.CSRF_COOKIE_NAME not in again.cookies
    assert browser.cookies[settings.CSRF_COOKIE_NAME].value == secret
    token = TOKEN.search(again.content.decode())[0].split('value="')[1][:-1]
    assert browser.post("/moderation/next/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert browser.post("/moderation/next/", {"csrfmiddlewaretoken": token[:32] + token[:32]}).status_code == 403
    settings.CSRF_COOKIE_AGE = 3600  # a cookie with an expiry is renewed with every page, as get_token does
    assert browser.get("/moderation/").cookies[settings.CSRF_COOKIE_NAME].value == secret
    settings.CSRF_COOKIE_AGE = None
    browser.cookies[settings.CSRF_COOKIE_NAME] = "x" * 64  # a cookie that is not the secret (an old masked one): replaced, as Django does
    replaced = browser.get("/moderation/").cookies[settings.CSRF_COOKIE_NAME].value
    assert replaced != "x" * 64 and len(replaced) == 32
