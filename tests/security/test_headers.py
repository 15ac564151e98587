"""Promise 3: strict headers on every response, no-store where a key, a status or staff data is
shown, and secure cookies with the __Host- prefix in production."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver

from stories import services
from stories.choices import Status
from tests.factories import PASSWORD, StaffFactory, UserFactory, enrol_totp, metoo

ROOT = Path(__file__).resolve().parents[2]
BADGE = re.compile(r"^/badge/[^/]+\.svg$")

# Values for path converters and regex groups, so every pattern resolves to its view.
SAMPLES = {"slug": "metoo", "app_label": "stories", "uidb36": "1", "key": "not-a-real-key", "url": "nothing-here"}


def patterns(resolver_patterns=None, prefix="") -> list[str]:
    """Return every URL pattern as text, walking included URLconfs."""
    found = []
    for pattern in get_resolver().url_patterns if resolver_patterns is None else resolver_patterns:
        if isinstance(pattern, URLResolver):
            found += patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            found.append(prefix + str(pattern.pattern))
    return found


def route_paths(public_id: str = "no-such-story") -> list[str]:
    """Return one concrete path per URL pattern."""
    return sorted({"/" + fill(pattern, public_id) for pattern in patterns()})


def fill(path: str, public_id: str) -> str:
    def sample(name: str, converter: str) -> str:
        if name == "public_id":
            return public_id
        if name in SAMPLES:
            return SAMPLES[name]
        return {"int": "1", "slug": "metoo", "uuid": "00000000-0000-0000-0000-000000000001"}.get(converter, "1")

    while "(?P<" in path:  # regex groups, possibly containing parentheses of their own
        start = path.index("(?P<")
        name = path[start + 4 : path.index(">", start)]
        depth, end = 0, start
        for end in range(start, len(path)):
            depth += {"(": 1, ")": -1}.get(path[end], 0)
            if depth == 0:
                break
        path = path[:start] + sample(name, "str") + path[end + 1 :]
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: sample(m.group(2), m.group(1) or "str"), path)
    return path.replace("^", "").replace("$", "")


@pytest.fixture
def published(db):
    story = services.submit_story(campaign=metoo(), text="It happened at work. I was 24.", anonymity="anonymous").story
    services.change_story_status(story=story, status=Status.PUBLISHED)
    return story


@pytest.fixture
def every_path(published):
    paths = route_paths(published.public_id)
    assert len(paths) > 40 and "/share/" in paths and f"/stories/{published.public_id}/" in paths
    return paths


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def header_problems(path: str, response) -> list[str]:
    problems = []
    csp = csp_directives(response)
    everything = " ".join(" ".join(v) for v in csp.values())
    # The badge itself is embeddable; its error pages (404, a refused POST) are not.
    is_badge = bool(BADGE.match(path)) and response.status_code == 200
    expected = {
        "default-src": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["*"] if is_badge else ["'none'"],
    }
    for directive, sources in expected.items():
        if csp.get(directive) != sources:
            problems.append(f"CSP {directive} is {csp.get(directive)}")
    if "unsafe-inline" in everything or "unsafe-eval" in everything:
        problems.append("CSP allows unsafe-inline or unsafe-eval")
    allowed_sources = {"'self'", "'none'"} | ({"*"} if is_badge else set())
    for directive, sources in csp.items():
        if set(sources) - allowed_sources:
            problems.append(f"CSP {directive} allows {sorted(set(sources) - allowed_sources)}")
    # The quick exit's blank page for staff (moderation) sends no referrer at all, stricter still;
    # its error pages (a POST refused by CSRF) are the site's own.
    checks = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer" if path == "/blank/" and response.status_code == 200 else "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in checks.items():
        if response.headers.get(name) != value:
            problems.append(f"{name} is {response.headers.get(name)!r}")
    policy = response.headers.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if f"{feature}=()" not in policy:
            problems.append(f"Permissions-Policy does not deny {feature}")
    if is_badge:
        if "X-Frame-Options" in response.headers:
            problems.append("the badge must be embeddable (no X-Frame-Options)")
    elif response.headers.get("X-Frame-Options") != "DENY":
        problems.append(f"X-Frame-Options is {response.headers.get('X-Frame-Options')!r}")
    return problems


def assert_headers_everywhere(client, paths, method="get"):
    problems = {}
    for path in paths:
        response = getattr(client, method)(path)
        assert response.status_code < 500, f"{method.upper()} {path} answered {response.status_code}"
        found = header_problems(path, response)
        if found:
            problems[f"{method.upper()} {path} ({response.status_code})"] = found
    assert problems == {}


def test_every_url_answers_an_anonymous_get_with_the_strict_headers(client, every_path):
    assert_headers_everywhere(client, every_path)


def test_every_url_answers_an_anonymous_post_with_the_strict_headers(every_path):
    # Forms refused for a missing CSRF token, wrong methods and bad input keep the headers too.
    assert_headers_everywhere(Client(enforce_csrf_checks=True), every_path, method="post")


def test_every_url_answers_a_staff_member_with_the_strict_headers(client, every_path):
    staff = StaffFactory(role="admin", is_superuser=True)
    enrol_totp(staff)
    client.force_login(staff)
    assert_headers_everywhere(client, every_path)


def test_not_found_and_bad_requests_carry_the_headers(client, db):
    for path in ("/no-such-page/", "/stories/%00/", "/c/" + "x" * 300 + "/"):
        response = client.get(path)
        assert response.status_code in (400, 404)
        assert header_problems(path, response) == []


def test_the_badge_can_be_embedded_when_it_exists(client, db):
    if not any(BADGE.match(path) for path in route_paths()):
        pytest.skip("the badge (/badge/<slug>.svg) does not exist yet")
    metoo()
    response = client.get("/badge/metoo.svg")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert csp_directives(response)["frame-ancestors"] == ["*"]
    assert csp_directives(response)["default-src"] == ["'none'"]


# --- Cache-Control: no-store --------------------------------------------------------------


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_pages_with_a_story_key_or_status_are_never_stored(client, db):
    metoo()
    assert no_store(client.get("/share/"))
    done = client.post("/share/", {"campaign": "metoo", "text": "It happened at work.", "anonymity": "anonymous"})
    assert done.status_code == 200 and 'id="story-key"' in done.content.decode()
    assert no_store(done)
    key = re.search(r'data-key="([a-z-]+)"', done.content.decode()).group(1)
    assert no_store(client.get("/my-story/"))
    status_page = client.post("/my-story/", {"key": key})
    assert status_page.status_code == 200 and no_store(status_page)
    for path in ("/my-story/edit/", "/my-story/appeal/", "/my-story/withdraw/"):
        response = client.post(path, {"key": key})
        assert no_store(response), path


def test_an_authors_own_story_pages_are_never_stored(client, db):
    user = UserFactory()
    story = services.submit_story(campaign=metoo(), text="Mine.", anonymity="anonymous", author=user, keep_in_account=True).story
    client.force_login(user)
    for path in ("/account/stories/", f"/account/stories/{story.public_id}/"):
        response = client.get(path)
        assert response.status_code == 200 and no_store(response), path


def test_staff_pages_are_never_stored(client, every_path):
    staff = StaffFactory(role="admin", is_superuser=True)
    enrol_totp(staff)
    from django.conf import settings

    staff_paths = [p for p in every_path if p.startswith(("/moderation/", "/" + settings.ADMIN_PATH))]
    assert len(staff_paths) > 20
    client.force_login(staff)
    responses = {path: client.get(path) for path in staff_paths}
    assert sum(r.status_code == 200 for r in responses.values()) > 10
    stored = [f"{path} ({r.status_code})" for path, r in responses.items() if not no_store(r)]
    assert stored == [], "staff pages a browser or proxy may keep: " + ", ".join(stored)



def test_the_privacy_headers_keep_a_staff_page_out_of_caches_whatever_its_view_set():
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils.cache import add_never_cache_headers

    from config.middleware import PERMISSIONS_POLICY, PrivacyHeadersMiddleware

    def through_the_middleware(response):
        return PrivacyHeadersMiddleware(lambda request: response)(RequestFactory().get("/moderation/"))

    public = HttpResponse()
    public["Cache-Control"] = "public, max-age=600"
    assert no_store(through_the_middleware(public)) and "private" in public["Cache-Control"]
    # A view that is never_cache already: the headers stay exactly as set (the middleware adds nothing twice).
    never_cached = HttpResponse()
    add_never_cache_headers(never_cached)
    headers = dict(never_cached.headers)
    assert dict(through_the_middleware(never_cached).headers) == {
        **headers, "Permissions-Policy": PERMISSIONS_POLICY, "Cross-Origin-Opener-Policy": "same-origin",
    }

# --- Production: HSTS and cookies ---------------------------------------------------------------

PRODUCTION_ENV = {
    "SECRET_KEY": "p" * 60,
    "ALLOWED_HOSTS": "chorus.example.org",
    "CHORUS_REQUIRE_SECRET_KEY": "1",
}
PRODUCTION_NAMES = [
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY", "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_NAME", "LANGUAGE_COOKIE_SECURE", "LANGUAGE_COOKIE_HTTPONLY", "LANGUAGE_COOKIE_SAMESITE",
]


@pytest.fixture(scope="module")
def production():
    """The security settings exactly as config/settings.py computes them for production."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CHORUS_HTTPS", "SECURE_"))}
    env.update(PRODUCTION_ENV)
    code = f"import json, config.settings as s; print(json.dumps({{n: getattr(s, n) for n in {PRODUCTION_NAMES!r}}}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    values.pop("DEBUG")
    return values


def test_production_turns_on_hsts_for_a_year_with_subdomains_and_preload(client, db, production):
    assert production["SECURE_SSL_REDIRECT"] is True
    with override_settings(**production, ALLOWED_HOSTS=["chorus.example.org"]):
        response = client.get("/", secure=True, headers={"host": "chorus.example.org"})
        assert response.status_code == 200
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert client.get("/", headers={"host": "chorus.example.org"}).status_code == 301, "plain HTTP is redirected"


def test_production_cookies_are_secure_http_only_same_site_and_host_prefixed(db, production):
    user = UserFactory(password=PASSWORD)
    metoo()
    secure = {"secure": True, "headers": {"host": "chorus.example.org"}}
    with override_settings(**production, ALLOWED_HOSTS=["chorus.example.org"]):
        client = Client()
        seen = {}
        seen.update(client.get("/accounts/login/", **secure).cookies)
        seen.update(client.post("/accounts/login/", {"login": user.username, "password": PASSWORD, "csrfmiddlewaretoken": client.cookies[production["CSRF_COOKIE_NAME"]].value}, **secure).cookies)
        seen.update(client.post("/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": client.cookies[production["CSRF_COOKIE_NAME"]].value}, **secure).cookies)
        seen.update(Client().post("/c/metoo/metoo/", {}, **secure).cookies)
    names = {production["SESSION_COOKIE_NAME"], production["CSRF_COOKIE_NAME"], production["LANGUAGE_COOKIE_NAME"]}
    assert names <= set(seen), f"expected {names}, got {set(seen)}"
    for name in names:
        assert name.startswith("__Host-"), name
    for name, morsel in seen.items():
        if not morsel.value:
            continue  # a deletion
        assert morsel["secure"], f"{name} is not Secure"
        assert morsel["httponly"], f"{name} is not HttpOnly"
        assert morsel["samesite"] in ("Lax", "Strict"), f"{name} has SameSite={morsel['samesite']!r}"
        assert morsel["path"] == "/" and not morsel["domain"], f"{name} must be host-only with Path=/"
