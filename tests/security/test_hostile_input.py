"""Promise 8: hostile input never causes a 500.

Hypothesis throws random Unicode, huge values, repeated and missing fields, wrong types, broken
encodings and odd content types at every form and API endpoint; each answer must be 2xx, 3xx or
4xx. Request bodies are capped (DATA_UPLOAD_MAX_MEMORY_SIZE): a 1 MB body is refused with a 4xx.
"""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stories import services
from stories.choices import Status
from tests.factories import UserFactory, metoo

# 30 examples a test, each sent to every endpoint in its list: ~2,000 requests in all.
EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

# Every field a real form on these endpoints has, plus a few it never has.
FIELDS = [
    "campaign", "text", "anonymity", "display_name", "content_warning", "keep_in_account", "submission",
    "kind", "setting", "age_group", "relation", "told_before", "gender", "website", "altcha", "key", "message",
    "reason", "next", "login", "password", "remember", "username", "email", "password1", "password2",
    "version", "action", "id", "__proto__", "csrfmiddlewaretoken",
]
CHOICES = ["metoo", "anonymous", "pseudonym", "named", "harassment", "spam", "on", "yes", "1", "0", "-1", "", "null"]

unicode_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
huge_text = st.integers(min_value=2_001, max_value=20_000).map(lambda n: ("\u202e𝕏<script>" * n)[:n])
value = st.one_of(unicode_text, st.sampled_from(CHOICES), st.integers().map(str), unicode_text, st.sampled_from(CHOICES), huge_text)
form_data = st.dictionaries(st.sampled_from(FIELDS) | unicode_text.filter(bool), st.lists(value, min_size=1, max_size=3), max_size=12)
raw_body = st.binary(max_size=3_000)
content_type = st.sampled_from([
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset", "application/json", "text/plain",
    "multipart/form-data; boundary=xyz", "multipart/form-data", "",
])
query = st.dictionaries(st.sampled_from(["campaign", "bucket", "after", "kind", "setting", "language", "format"]) | unicode_text, value, max_size=5)


@pytest.fixture
def targets(db, settings):
    """Every endpoint that takes input, with a published story and a key to aim at."""
    for name in ("RATE_LIMIT_TAPS", "RATE_LIMIT_STORIES", "RATE_LIMIT_KEY_TRIES", "RATE_LIMIT_FLAGS"):
        setattr(settings, name, "100000/h")
    settings.ACCOUNT_RATE_LIMITS = False
    metoo()
    submitted = services.submit_story(campaign=metoo(), text="It happened at work. I was 24.", anonymity="anonymous")
    services.change_story_status(story=submitted.story, status=Status.PUBLISHED)
    public_id = submitted.story.public_id
    return {
        "key": submitted.key,
        "posts": [
            "/share/", "/c/metoo/metoo/", "/c/no-such/metoo/", "/my-story/", "/my-story/edit/", "/my-story/withdraw/",
            "/my-story/appeal/", f"/stories/{public_id}/flag/", f"/stories/{public_id}/believe/",
            "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/i18n/setlang/",
            f"/account/stories/{public_id}/appeal/",
        ],
        "gets": [
            "/", "/stories/", "/c/metoo/", "/share/", "/api/v1/counts", "/api/v1/counts.csv", "/api/v1/timeline",
            "/api/v1/timeline.csv", "/badge/metoo.svg", f"/stories/{public_id}/",
        ],
    }


def assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@EXAMPLES
@given(data=form_data)
def test_random_form_fields_never_cause_a_500(targets, data):
    client = Client()
    for path in targets["posts"]:
        assert_no_server_error(client.post(path, data), f"POST {path} {list(data)}")


@EXAMPLES
@given(data=form_data)
def test_a_real_key_with_random_fields_never_causes_a_500(targets, data):
    client = Client()
    data = {**data, "key": targets["key"]}
    for path in ("/my-story/", "/my-story/edit/", "/my-story/appeal/"):
        assert_no_server_error(client.post(path, data), f"POST {path} {list(data)}")


@EXAMPLES
@given(body=raw_body, kind=content_type)
def test_broken_bodies_and_content_types_never_cause_a_500(targets, body, kind):
    client = Client()
    for path in targets["posts"]:
        assert_no_server_error(client.generic("POST", path, body, content_type=kind), f"POST {path} ({kind})")


@EXAMPLES
@given(params=query)
def test_random_query_strings_never_cause_a_500(targets, params):
    client = Client()
    for path in targets["gets"]:
        assert_no_server_error(client.get(path, params), f"GET {path} {params!r}")


@EXAMPLES
@given(method=st.sampled_from(["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]))
def test_unexpected_methods_never_cause_a_500(targets, method):
    client = Client()
    for path in targets["posts"] + targets["gets"]:
        assert_no_server_error(client.generic(method, path, b"x=1"), f"{method} {path}")


def test_a_signed_in_member_with_random_fields_never_causes_a_500(targets):
    client = Client()
    client.force_login(UserFactory())
    for data in ({"anonymity": "named", "text": "x" * 3000}, {"keep_in_account": ["on", "off"], "campaign": ["a", "b"]}, {}):
        for path in ("/share/", "/account/delete/", "/account/export/"):
            assert_no_server_error(client.post(path, data), f"POST {path}")


def test_the_request_body_limit_is_64_kib(settings):
    from config import settings as project_settings

    assert project_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 64 * 1024
    assert project_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000


@pytest.mark.parametrize("path", ["/share/", "/c/metoo/metoo/", "/my-story/", "/accounts/login/", "/accounts/signup/"])
def test_a_one_megabyte_body_is_refused_with_a_4xx(client, targets, path):
    body = "text=" + "a" * 1_000_000
    response = client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500, response.status_code


def test_too_many_fields_are_refused_with_a_4xx(client, targets):
    body = "&".join(f"f{n}=1" for n in range(5_000))
    response = client.generic("POST", "/share/", body, content_type="application/x-www-form-urlencoded")
    assert 400 <= response.status_code < 500


def test_a_json_body_to_the_api_gets_json_back(client, targets):
    response = client.post("/api/v1/counts", json.dumps({"a": 1}), content_type="application/json")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"
