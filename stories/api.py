"""Open data: aggregate counts and the timeline as JSON and CSV, and their OpenAPI document.

Read-only, no authentication, open to every origin, cacheable for a few
seconds. Aggregates only: never a per-person row, never a story's context.
The totals are live; the breakdowns and the timeline are the campaigns'
releases (stories/releases.py), covering `released_voices` voices, and
their hidden cells (stories/suppression.py) are null.
"""

import csv
import functools
import io

from django.http import HttpResponse, JsonResponse

from stories import wall
from stories.choices import CONTEXT_FIELDS
from stories.suppression import ALL, NOT_GIVEN

NOT_GIVEN_KEY = "not_given"
CSV_DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def open_data(view):
    """Allow GET and HEAD only, answer errors in JSON, and add the open-data headers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"error": "method_not_allowed", "detail": "Use GET."}, status=405)
            response["Allow"] = "GET, HEAD"
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=5"
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response

    # Nothing here changes state, so a POST gets a JSON 405, not a CSRF page.
    wrapped.csrf_exempt = True
    return wrapped


def error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"error": code, "detail": detail}, status=status)


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.response = error(status, code, detail)


def _campaign_from(request, data: wall.WallSnapshot):
    slug = request.GET.get("campaign", "")
    if not slug:
        return None
    campaign = data.find_campaign(slug)
    if campaign is None:
        raise ApiError(404, "unknown_campaign", f"There is no campaign with the slug {slug!r}.")
    return campaign


def _bucket_from(request, campaign, data: wall.WallSnapshot) -> str:
    """Return the asked-for bucket, or the default when the parameter is absent; anything else is a 400."""
    if "bucket" not in request.GET:
        return data.default_bucket(campaign)
    bucket = request.GET["bucket"]
    if bucket not in wall.BUCKETS:
        raise ApiError(400, "bad_bucket", "bucket must be 'hour' or 'day'.")
    return bucket


# --- Building the documents ------------------------------------------------------------


def counts_document(data: wall.WallSnapshot, campaign=None) -> dict:
    campaigns = [campaign] if campaign is not None else data.campaigns
    breakdown = data.breakdown(campaign)
    return {
        "generated_at": data.generated_at.isoformat(),
        "k_threshold": data.k,
        "total": data.counts_for(campaign).as_dict(),
        "released_voices": data.released_voices_for(campaign),
        "campaigns": [
            {"slug": c.slug, "hashtag": c.hashtag, "title": c.title, **data.counts_for(c).as_dict()} for c in campaigns
        ],
        "breakdowns": {
            field: {
                (NOT_GIVEN_KEY if value == NOT_GIVEN else value): count
                for value, (count, _hidden) in breakdown[field].items()
            }
            for field in CONTEXT_FIELDS
        },
    }


def timeline_document(data: wall.WallSnapshot, campaign, bucket: str) -> dict:
    return {
        "campaign": campaign.slug if campaign is not None else None,
        "bucket": bucket,
        "released_voices": data.released_voices_for(campaign),
        "points": [
            {"start": start.isoformat(), "voices": voices} for start, voices in wall.timeline(data, campaign, bucket)
        ],
    }


def csv_cell(value) -> str:
    """Return a cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS_STARTS) else text


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Views ------------------------------------------------------------------------------


@open_data
def counts(request):
    data = wall.snapshot()
    try:
        campaign = _campaign_from(request, data)
    except ApiError as problem:
        return problem.response
    return JsonResponse(counts_document(data, campaign))


@open_data
def counts_csv(request):
    data = wall.snapshot()
    try:
        campaign = _campaign_from(request, data)
    except ApiError as problem:
        return problem.response
    document = counts_document(data, campaign)
    scope = campaign.slug if campaign is not None else ALL
    rows = [["campaign", "hashtag", "measure", "category", "count"]]
    for name, value in document["total"].items():
        rows.append([scope, campaign.hashtag if campaign else "", name, "", value])
    if campaign is None:
        for row in document["campaigns"]:
            for name in wall.COUNT_NAMES:
                rows.append([row["slug"], row["hashtag"], name, "", row[name]])
    for field, cells in document["breakdowns"].items():
        for value, count in cells.items():
            rows.append([scope, campaign.hashtag if campaign else "", field, value, count])
    return csv_response(rows, f"chorus-counts-{scope}.csv")


def _timeline_query(request) -> tuple[dict, str]:
    """Return the timeline document and its bucket for the query, or raise ApiError."""
    data = wall.snapshot()
    campaign = _campaign_from(request, data)
    bucket = _bucket_from(request, campaign, data)
    return timeline_document(data, campaign, bucket), bucket


@open_data
def timeline(request):
    try:
        document, _bucket = _timeline_query(request)
    except ApiError as problem:
        return problem.response
    return JsonResponse(document)


@open_data
def timeline_csv(request):
    try:
        document, bucket = _timeline_query(request)
    except ApiError as problem:
        return problem.response
    scope = document["campaign"] or ALL
    rows = [["campaign", "bucket", "start", "voices"]]
    rows += [[scope, bucket, point["start"], point["voices"]] for point in document["points"]]
    return csv_response(rows, f"chorus-timeline-{scope}-{bucket}.csv")


@open_data
def openapi(request):
    return JsonResponse(openapi_document())


# --- OpenAPI ------------------------------------------------------------------------------

COUNT_NAMES_SCHEMA = {
    "type": "object",
    "required": list(wall.COUNT_NAMES),
    "properties": {name: {"type": "integer", "minimum": 0} for name in wall.COUNT_NAMES},
    "additionalProperties": False,
}


def _breakdown_schema() -> dict:
    properties = {}
    for field, (choices, _label) in CONTEXT_FIELDS.items():
        values = [*choices.values, NOT_GIVEN_KEY]
        properties[field] = {
            "type": "object",
            "description": "Voices per answer; null where the cell is hidden to protect a small group.",
            "required": values,
            "properties": {value: {"type": ["integer", "null"], "minimum": 0} for value in values},
            "additionalProperties": False,
        }
    return {"type": "object", "required": list(CONTEXT_FIELDS), "properties": properties, "additionalProperties": False}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document() -> dict:
    campaign_parameter = {
        "name": "campaign", "in": "query", "required": False, "schema": {"type": "string"},
        "description": "A campaign's slug; without it, every campaign together.",
    }
    csv_content = {"text/csv": {"schema": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Chorus open data",
            "version": "1",
            "description": (
                "Aggregate counts of voices on Chorus. No per-person data. Totals are live; breakdowns and "
                "timelines are released in steps of at least k_threshold voices per campaign. Cells below "
                "k_threshold, and cells that would let one be worked out, are null (hours too). CSV cells "
                "that could be read as spreadsheet formulas start with an apostrophe."
            ),
        },
        "paths": {
            "/api/v1/counts": {
                "get": {
                    "summary": "Voices, taps and stories, in total and per campaign, with breakdowns by context.",
                    "parameters": [campaign_parameter],
                    "responses": {
                        "200": {"description": "Counts", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Counts"}}}},
                        "404": _error_response("Unknown campaign"),
                    },
                }
            },
            "/api/v1/counts.csv": {
                "get": {
                    "summary": "The same counts as CSV: campaign, hashtag, measure, category, count.",
                    "parameters": [campaign_parameter],
                    "responses": {"200": {"description": "Counts", "content": csv_content}, "404": _error_response("Unknown campaign")},
                }
            },
            "/api/v1/timeline": {
                "get": {
                    "summary": "Voices per hour or per day, from the first voice to now.",
                    "parameters": [
                        campaign_parameter,
                        {
                            "name": "bucket", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": list(wall.BUCKETS)},
                            "description": "Defaults to hour during a campaign's first 72 hours, day after.",
                        },
                    ],
                    "responses": {
                        "200": {"description": "Timeline", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Timeline"}}}},
                        "400": _error_response("Bad bucket"),
                        "404": _error_response("Unknown campaign"),
                    },
                }
            },
            "/api/v1/timeline.csv": {
                "get": {
                    "summary": "The same timeline as CSV: campaign, bucket, start, voices.",
                    "parameters": [campaign_parameter, {"name": "bucket", "in": "query", "schema": {"type": "string", "enum": list(wall.BUCKETS)}}],
                    "responses": {
                        "200": {"description": "Timeline", "content": csv_content},
                        "400": _error_response("Bad bucket"),
                        "404": _error_response("Unknown campaign"),
                    },
                }
            },
            "/badge/{slug}.svg": {
                "get": {
                    "summary": "An embeddable SVG counter for a campaign.",
                    "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "SVG image", "content": {"image/svg+xml": {"schema": {"type": "string"}}}}, "404": {"description": "Unknown campaign"}},
                }
            },
        },
        "components": {
            "schemas": {
                "CountSet": COUNT_NAMES_SCHEMA,
                "Counts": {
                    "type": "object",
                    "required": ["generated_at", "k_threshold", "total", "released_voices", "campaigns", "breakdowns"],
                    "additionalProperties": False,
                    "properties": {
                        "generated_at": {"type": "string", "format": "date-time"},
                        "k_threshold": {"type": "integer", "minimum": 1},
                        "total": {"$ref": "#/components/schemas/CountSet"},
                        "released_voices": {
                            "type": "integer", "minimum": 0,
                            "description": "The voices the breakdowns cover: they are released in steps of at least k_threshold voices.",
                        },
                        "campaigns": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["slug", "hashtag", "title", *wall.COUNT_NAMES],
                                "additionalProperties": False,
                                "properties": {
                                    "slug": {"type": "string"},
                                    "hashtag": {"type": "string"},
                                    "title": {"type": "string"},
                                    **COUNT_NAMES_SCHEMA["properties"],
                                },
                            },
                        },
                        "breakdowns": _breakdown_schema(),
                    },
                },
                "Timeline": {
                    "type": "object",
                    "required": ["campaign", "bucket", "released_voices", "points"],
                    "additionalProperties": False,
                    "properties": {
                        "campaign": {"type": ["string", "null"]},
                        "bucket": {"type": "string", "enum": list(wall.BUCKETS)},
                        "released_voices": {"type": "integer", "minimum": 0},
                        "points": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["start", "voices"],
                                "additionalProperties": False,
                                "properties": {
                                    "start": {"type": "string", "format": "date-time"},
                                    "voices": {"type": ["integer", "null"], "minimum": 0, "description": "null where hidden to protect a small group"},
                                },
                            },
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error", "detail"],
                    "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
                },
            }
        },
    }
