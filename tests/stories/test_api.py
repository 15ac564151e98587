"""Open data: JSON shapes, CSVs, errors, headers, and the OpenAPI document they follow."""

import csv
import datetime
import io

import jsonschema
import pytest
from django.utils import timezone

from stories import api, counters, releases, services
from stories.models import Campaign
from tests.factories import CampaignFactory


def release_all() -> None:
    """Publish every campaign's figures now, before k changes (tests only)."""
    for campaign in Campaign.objects.all():
        releases.release_now(campaign.pk)


def tap(campaign, **context):
    return services.record_tap(campaign=campaign, context=context)


def validate(document: dict, schema_name: str, openapi: dict) -> None:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": openapi["components"]}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)


@pytest.fixture
def openapi(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    jsonschema.Draft202012Validator.check_schema(document["components"]["schemas"]["Counts"])
    return document


def test_it_returns_counts_in_the_documented_shape(client, campaign, openapi):
    CampaignFactory(slug="notokay", hashtag="#NotOkay", title="Not okay")
    for _ in range(12):
        tap(campaign, kind="assault")
    for _ in range(20):
        tap(campaign, kind="both")
    tap(campaign, kind="harassment")
    release_all()

    response = client.get("/api/v1/counts")

    assert response.status_code == 200
    data = response.json()
    validate(data, "Counts", openapi)
    assert set(data) == {"generated_at", "k_threshold", "total", "released_voices", "campaigns", "breakdowns"}
    assert data["released_voices"] == 33
    assert data["k_threshold"] == 10
    assert data["total"] == {"voices": 33, "taps": 33, "stories_published": 0, "stories_pending": 0}
    assert [c["slug"] for c in data["campaigns"]] == ["metoo", "notokay"]
    assert data["campaigns"][0] == {"slug": "metoo", "hashtag": "#MeToo", "title": "Me too", "voices": 33, "taps": 33, "stories_published": 0, "stories_pending": 0}
    assert set(data["breakdowns"]) == {"kind", "setting", "age_group", "relation", "told_before", "gender"}
    kind = data["breakdowns"]["kind"]
    assert kind["harassment"] is None  # 1 < k
    assert kind["assault"] is None  # else 33 - 20 - 0 - 0 would give the 1 away
    assert kind["both"] == 20
    assert kind["unsaid"] == 0
    assert kind["not_given"] == 0


def test_it_narrows_counts_to_one_campaign(client, campaign, openapi):
    other = CampaignFactory(slug="notokay")
    tap(campaign)
    tap(other)
    tap(other)
    release_all()
    data = client.get("/api/v1/counts", {"campaign": "notokay"}).json()
    validate(data, "Counts", openapi)
    assert data["total"]["voices"] == 2
    assert [c["slug"] for c in data["campaigns"]] == ["notokay"]
    assert data["breakdowns"]["kind"]["not_given"] is None  # 2 < k


@pytest.mark.parametrize("path", ["/api/v1/counts", "/api/v1/counts.csv", "/api/v1/timeline", "/api/v1/timeline.csv"])
def test_it_answers_an_unknown_campaign_with_404_json(client, campaign, openapi, path):
    response = client.get(path, {"campaign": "nope<script>"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    validate(response.json(), "Error", openapi)
    assert response.json()["error"] == "unknown_campaign"


@pytest.mark.parametrize("path", ["/api/v1/timeline", "/api/v1/timeline.csv"])
@pytest.mark.parametrize("bucket", ["week", "HOUR", "hour;drop", "\x00", ""])
def test_it_answers_a_bad_bucket_with_400_json(client, campaign, openapi, path, bucket):
    response = client.get(path, {"bucket": bucket})
    assert response.status_code == 400
    validate(response.json(), "Error", openapi)
    assert response.json()["error"] == "bad_bucket"


def test_it_returns_the_timeline_per_hour_and_per_day(client, campaign, openapi):
    now = counters.truncate_to_hour(timezone.now())
    counters.add(campaign.pk, {("voices", now - datetime.timedelta(hours=2)): 15, ("voices", now): 12})
    release_all()

    hourly = client.get("/api/v1/timeline", {"campaign": "metoo", "bucket": "hour"}).json()
    validate(hourly, "Timeline", openapi)
    assert hourly["campaign"] == "metoo"
    assert hourly["bucket"] == "hour"
    assert [p["voices"] for p in hourly["points"]] == [15, 0, 12]
    assert datetime.datetime.fromisoformat(hourly["points"][0]["start"]) == now - datetime.timedelta(hours=2)

    daily = client.get("/api/v1/timeline", {"bucket": "day"}).json()
    validate(daily, "Timeline", openapi)
    assert daily["campaign"] is None
    assert sum(p["voices"] for p in daily["points"]) == 27


def test_it_chooses_the_bucket_from_the_campaign_age(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(started_at=timezone.now() - datetime.timedelta(hours=5))
    assert client.get("/api/v1/timeline", {"campaign": "metoo"}).json()["bucket"] == "hour"
    Campaign.objects.filter(pk=campaign.pk).update(started_at=timezone.now() - datetime.timedelta(days=5))
    from django.core.cache import cache

    cache.clear()
    assert client.get("/api/v1/timeline", {"campaign": "metoo"}).json()["bucket"] == "day"


def test_it_sends_open_data_headers(client, campaign):
    for path in ("/api/v1/counts", "/api/v1/counts.csv", "/api/v1/timeline", "/api/v1/timeline.csv", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Cache-Control"] == "public, max-age=5"
    error = client.get("/api/v1/timeline", {"bucket": "x"})
    assert error["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_it_answers_other_methods_with_405_json(client, campaign, method):
    response = getattr(client, method)("/api/v1/counts")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["error"] == "method_not_allowed"


def test_it_sets_no_cookie_on_open_data(client, campaign):
    response = client.get("/api/v1/counts")
    assert not response.cookies


def test_it_reads_counts_in_a_fixed_number_of_queries(client, campaign, django_assert_max_num_queries):
    others = [CampaignFactory() for _ in range(5)]
    for other in others:
        for kind in ("assault", "harassment", "both"):
            tap(other, kind=kind, gender="woman")
    release_all()
    # campaigns, totals, releases, released breakdowns, released hours
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/counts").status_code == 200
    with django_assert_max_num_queries(0):
        assert client.get("/api/v1/counts", {"campaign": others[0].slug}).status_code == 200


def test_it_never_counts_rows_per_request(client, campaign):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tap(campaign)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/counts")
        client.get("/")
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "stories_tap" not in tables
    assert "COUNT(" not in tables.upper()


# --- CSV --------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_it_returns_counts_as_csv(client, campaign):
    for _ in range(11):
        tap(campaign, setting="online")
    release_all()
    rows = read_csv(client.get("/api/v1/counts.csv"))
    assert rows[0] == ["campaign", "hashtag", "measure", "category", "count"]
    assert ["all", "", "voices", "", "11"] in rows
    assert ["metoo", "#MeToo", "voices", "", "11"] in rows
    assert ["all", "", "setting", "online", "11"] in rows
    assert ["all", "", "setting", "workplace", "0"] in rows


def test_it_leaves_hidden_cells_empty_in_csv(client, campaign):
    for _ in range(11):
        tap(campaign, setting="online")
    tap(campaign, setting="home")
    release_all()
    rows = read_csv(client.get("/api/v1/counts.csv", {"campaign": "metoo"}))
    assert ["metoo", "#MeToo", "setting", "home", ""] in rows


def test_it_returns_the_timeline_as_csv(client, campaign):
    for _ in range(10):
        tap(campaign)
    rows = read_csv(client.get("/api/v1/timeline.csv", {"campaign": "metoo", "bucket": "hour"}))
    assert rows[0] == ["campaign", "bucket", "start", "voices"]
    assert rows[-1][:2] == ["metoo", "hour"]
    assert rows[-1][3] == "10"


@pytest.mark.parametrize("hashtag", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"])
def test_it_neutralises_formulas_in_csv(client, db, hashtag):
    CampaignFactory(slug="odd", hashtag=hashtag, title=hashtag)
    rows = read_csv(client.get("/api/v1/counts.csv"))
    cells = [row[1] for row in rows if row[0] == "odd"]
    assert cells and all(cell == "'" + hashtag for cell in cells)


def test_it_leaves_plain_cells_alone_in_csv():
    assert api.csv_cell("#MeToo") == "#MeToo"
    assert api.csv_cell(12) == "12"
    assert api.csv_cell(None) == ""
    assert api.csv_cell("=1+1") == "'=1+1"


def test_it_describes_every_endpoint_in_openapi(openapi):
    assert openapi["openapi"].startswith("3.1")
    assert set(openapi["paths"]) >= {"/api/v1/counts", "/api/v1/counts.csv", "/api/v1/timeline", "/api/v1/timeline.csv", "/badge/{slug}.svg"}
