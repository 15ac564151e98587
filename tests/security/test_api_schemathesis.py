"""schemathesis against /api/v1/openapi.json: generated requests, every default check, no failure.

Bounded for `make test` (MAX_EXAMPLES per operation and phase: about 280
requests in all, 15-20 s) through the Django WSGI application in
process, against the test database with a little data in it. A longer run is
`schemathesis run http://127.0.0.1:8000/api/v1/openapi.json` against a server.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

from stories import services
from stories.choices import Status
from tests.factories import metoo

MAX_EXAMPLES = 40
TIMELINE = ("/api/v1/timeline", "/api/v1/timeline.csv")


@pytest.fixture
def api_schema(db):
    campaign = metoo()
    story = services.submit_story(campaign=campaign, text="It happened at work.", anonymity="anonymous").story
    services.change_story_status(story=story, status=Status.PUBLISHED)
    # Called directly, the WSGI handler would close the test's database connection after each
    # request (close_old_connections sees the test transaction); Django's test Client unhooks it too.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_openapi_promises(case):
    case.call_and_validate(headers={"Host": "127.0.0.1"})


@pytest.mark.parametrize("path", TIMELINE)
def test_the_timeline_refuses_an_empty_bucket(client, db, path):
    metoo()
    assert client.get(path, {"bucket": ""}).status_code == 400


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_badge_answers_another_method_with_405_not_the_csrf_page(db, method):
    metoo()
    response = getattr(Client(enforce_csrf_checks=True), method)("/badge/metoo.svg")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_badge_answers_an_unknown_method_with_405(db):
    metoo()
    assert Client(enforce_csrf_checks=True).generic("PROPFIND", "/badge/metoo.svg").status_code == 405
