"""Signed cookie values kept for their second (config/signing_memo.py): the very bytes Django's signer makes."""

import pytest
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage, MessagePartSerializer
from django.core import signing
from django.http import HttpResponse
from django.test import RequestFactory

from config import signing_memo
from config.messages_storage import HostPrefixedCookieStorage
from stories.browser_memory import COUNTED


@pytest.fixture
def clock(monkeypatch):
    """Freeze the second both the memo and Django's TimestampSigner read."""
    now = [1_800_000_000.25]
    monkeypatch.setattr(signing_memo, "_clock", lambda: now[0])
    monkeypatch.setattr(signing.time, "time", lambda: now[0])
    signing_memo.forget()
    yield now
    signing_memo.forget()


def counted_cookie(values):
    response = HttpResponse()
    COUNTED.write(response, values)
    return response.cookies[COUNTED.cookie_name]


def test_the_counted_cookie_is_what_set_signed_cookie_makes(clock):
    expected = HttpResponse()
    expected.set_signed_cookie(COUNTED.cookie_name, "metoo", salt=COUNTED.salt, httponly=True, samesite="Lax", path="/")
    first, again = counted_cookie(["metoo"]), counted_cookie(["metoo"])
    assert first.value == again.value == expected.cookies[COUNTED.cookie_name].value
    assert first["httponly"] and first["samesite"] == "Lax" and first["path"] == "/" and not first["max-age"]
    assert counted_cookie(["metoo", "notokay"]).value != first.value  # another value, signed for itself


def test_a_new_second_signs_again(clock):
    first = counted_cookie(["metoo"]).value
    clock[0] += 1
    later = counted_cookie(["metoo"]).value
    assert later != first
    assert signing.get_cookie_signer(salt=signing._cookie_signer_salt(COUNTED.cookie_name, COUNTED.salt)).unsign(later) == "metoo"


def test_a_changed_secret_is_never_served_an_old_signature(clock, settings):
    first = counted_cookie(["metoo"]).value
    settings.SECRET_KEY = "another secret for this test only, long enough to be a key"
    assert counted_cookie(["metoo"]).value != first


def test_the_messages_cookie_is_what_django_s_storage_makes(clock):
    request = RequestFactory().get("/")
    storage = HostPrefixedCookieStorage(request)
    parts = MessagePartSerializer().dumps([Message(25, "You are counted. You are not alone.")])
    expected = CookieStorage._encode_parts(storage, parts)  # Django's own, unkept
    assert storage._encode_parts(parts) == storage._encode_parts(parts) == expected
    assert storage._decode(expected)[0].message == "You are counted. You are not alone."
    assert storage._encode_parts([]) is None
