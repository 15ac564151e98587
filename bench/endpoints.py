"""What the bench measures: every endpoint, and the yardstick it is divided by."""

from dataclasses import dataclass

BARE_PATH = "/bench/bare/"
INSERT_PATH = "/bench/insert/"
# A page with a form token: the bench's browsers take their CSRF cookie and token from it.
FORM_PAGE = "/share/"


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    path: str
    method: str = "GET"
    yardstick: str = "bare"  # what its req/s is divided by; "" for the yardsticks themselves
    form: str = ""  # the POST body family: "insert", "tap" or "story"
    expect: int = 200
    staff: bool = False


ENDPOINTS = [
    Endpoint("bare", "GET bare view (yardstick)", BARE_PATH, yardstick=""),
    Endpoint("counts", "GET /api/v1/counts", "/api/v1/counts"),
    Endpoint("badge", "GET /badge/metoo.svg", "/badge/metoo.svg"),
    Endpoint("home", "GET /", "/"),
    Endpoint("campaign", "GET /c/metoo/", "/c/metoo/"),
    Endpoint("stories_first", "GET /stories/ (first page)", "/stories/"),
    Endpoint("stories_deep", "GET /stories/ (deep cursor page)", "/stories/"),
    Endpoint("moderation", "GET /moderation/ (moderator, large queue)", "/moderation/", staff=True),
    Endpoint("insert", "POST bare INSERT view (yardstick)", INSERT_PATH, method="POST", yardstick="", form="insert"),
    Endpoint("tap", "POST /c/metoo/metoo/ (tap)", "/c/metoo/metoo/", method="POST", yardstick="insert", form="tap", expect=302),
    Endpoint("story", "POST /share/ (story)", "/share/", method="POST", yardstick="insert", form="story"),
]
ENDPOINT_BY_KEY = {endpoint.key: endpoint for endpoint in ENDPOINTS}
# Measured against the bare project (no middleware) too, on its own server in the same run.
BARE_PROJECT_KEYS = ("home", "campaign", "counts", "badge")
