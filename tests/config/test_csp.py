"""The Content-Security-Policy header built once per process (config/csp.py) is django-csp's own."""

import pytest
from csp.constants import NONCE
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from config import csp

factory = RequestFactory()


def directives(header: str) -> dict[str, list[str]]:
    return {words[0]: words[1:] for part in header.split(";") if (words := part.split())}


def answer(middleware_class, view, path="/"):
    middleware = middleware_class(view)
    return middleware(factory.get(path))


def plain(request):
    return HttpResponse("hello")


@pytest.fixture(autouse=True)
def _fresh():
    csp.forget_policy()
    yield
    csp.forget_policy()


def test_the_kept_header_is_django_csps_own():
    ours = answer(csp.CSPMiddleware, plain)
    theirs = answer(DjangoCSPMiddleware, plain)
    assert ours["Content-Security-Policy"]
    assert directives(ours["Content-Security-Policy"]) == directives(theirs["Content-Security-Policy"])
    assert "Content-Security-Policy-Report-Only" not in ours
    # The second response is served from the kept string, and is the same.
    assert answer(csp.CSPMiddleware, plain)["Content-Security-Policy"] == ours["Content-Security-Policy"]


def test_a_changed_setting_changes_the_header(settings):
    answer(csp.CSPMiddleware, plain)  # keep the policy as it is now
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    assert directives(answer(csp.CSPMiddleware, plain)["Content-Security-Policy"]) == {"default-src": ["'self'"]}


def test_report_only_is_sent_when_configured(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/r/"}}
    response = answer(csp.CSPMiddleware, plain)
    assert directives(response["Content-Security-Policy-Report-Only"]) == {"default-src": ["'none'"], "report-uri": ["/r/"]}


def test_a_view_that_changes_its_policy_gets_its_own():
    @csp_update({"img-src": ["https://example.org"]})
    def view(request):
        return HttpResponse("x")

    answer(csp.CSPMiddleware, plain)  # the kept string exists
    header = directives(answer(csp.CSPMiddleware, view)["Content-Security-Policy"])
    assert header["img-src"] == ["'self'", "https://example.org"]
    assert directives(answer(csp.CSPMiddleware, plain)["Content-Security-Policy"])["img-src"] == ["'self'"]


def test_a_nonce_used_by_the_page_is_in_its_header(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"], "script-src": ["'self'", NONCE]}}

    def view(request):
        return HttpResponse(str(request.csp_nonce))

    answer(csp.CSPMiddleware, plain)
    response = answer(csp.CSPMiddleware, view)
    nonce = response.content.decode()
    assert f"'nonce-{nonce}'" in directives(response["Content-Security-Policy"])["script-src"]


def test_a_nonce_asked_for_after_the_header_is_an_error():
    request = factory.get("/")
    csp.CSPMiddleware(plain)(request)
    with pytest.raises(Exception, match="csp_nonce"):
        str(request.csp_nonce)


def test_a_response_that_already_has_a_policy_keeps_it():
    def view(request):
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    assert answer(csp.CSPMiddleware, view)["Content-Security-Policy"] == "default-src 'none'"


def test_the_site_uses_it(settings):
    assert "config.csp.CSPMiddleware" in settings.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" not in settings.MIDDLEWARE
