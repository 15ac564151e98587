"""Promise 7: stories render as text only, everywhere they go.

A corpus of hostile text and names goes through the real path — the share form, screening, a
moderator's approval — and out through the wall, the story list, the story page, the author's
status page, the open-data API, its CSV and the badge. Each output is parsed; nothing executable
may be there: no element, attribute or URL that came from the corpus, no inline script, no event
handler, no javascript: URL. CSV cells that a spreadsheet would run as a formula are neutralised.
"""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from moderation import services as moderation
from stories.api import csv_cell
from stories.models import Story
from stories.sanitize import clean_name, clean_text
from tests.factories import CampaignFactory, metoo
from tests.moderation.helpers import moderator

MARK = "zqxss"  # every payload carries it, so anything that escaped into markup is found

CORPUS = [
    f"<script>alert('{MARK}1')</script>",
    f"<img src=x onerror=alert('{MARK}2')>",
    f'<a href="javascript:alert(\'{MARK}3\')">click</a>',
    f"<svg onload=alert('{MARK}4')><script>{MARK}4b</script></svg>",
    f'<svg><a xlink:href="javascript:{MARK}5"><text>x</text></a></svg>',
    f'"><script>{MARK}6</script>',
    f"'><img src=1 onerror={MARK}7>",
    f"<iframe src=\"javascript:{MARK}8\"></iframe>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}9>",
    f"<!--<img src=--><img src=x onerror={MARK}10//-->",
    f"<scr<script>ipt>{MARK}11</scr</script>ipt>",
    f"&lt;script&gt;{MARK}12&lt;/script&gt;",
    f"&#60;img src=x onerror={MARK}13&#62;",
    f"<body onload={MARK}14>",
    f"<form action=javascript:{MARK}15><button>go</button></form>",
    f"<object data=\"data:text/html,<script>{MARK}16</script>\"></object>",
    f"<meta http-equiv=refresh content=\"0;url=javascript:{MARK}17\">",
    f"<base href=\"javascript:{MARK}18//\">",
    f"<div style=\"background:url(javascript:{MARK}19)\">x</div>",
    f"\u202e<b>{MARK}20</b>\u202c and a zero\u200dwidth joiner",
    f"javascript:{MARK}21",
    f"=HYPERLINK(\"http://evil.example/{MARK}22\")",
]

NAMES = [
    f"<script>{MARK}n1</script>",
    f"River\u202e{MARK}n2",
    f"Ri\u200dver\u200b\u2066{MARK}n3\u2069",
    f"\"><img src=x onerror={MARK}n4>",
]


class Markup(HTMLParser):
    """Collect everything executable or injected in an HTML document."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if MARK in tag:
            self.problems.append(f"injected element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if MARK in name or (MARK in value and (name in self.URL_ATTRIBUTES or name in ("style", "srcdoc"))):
                self.problems.append(f"injected attribute {name}={value!r} on <{tag}>")
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name in self.URL_ATTRIBUTES and squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"script URL {name}={value!r} on <{tag}>")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if not source.startswith("/static/"):
                self.problems.append(f"script that is not one of ours: {attrs}")
            self.in_script = True
        if tag in ("iframe", "object", "embed", "base", "foreignobject"):
            self.problems.append(f"<{tag}> on the page")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.problems.append("meta refresh on the page")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")


def markup_problems(html: str) -> list[str]:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser.problems


def svg_problems(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 -- our own badge, parsed to be inspected
    problems = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "a") or MARK in tag:
            problems.append(f"<{tag}> in the badge")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or MARK in local or "javascript:" in value.lower().replace(" ", ""):
                problems.append(f"{local}={value!r} in the badge")
    return problems


def test_the_checks_themselves_catch_injected_markup():
    assert markup_problems(f"<p><img src=x onerror=alert('{MARK}')></p>")
    assert markup_problems("<a href=' java\nscript:alert(1)'>x</a>")
    assert markup_problems("<script>alert(1)</script>")
    assert not markup_problems(f"<p>&lt;script&gt;{MARK}&lt;/script&gt;</p><script src=\"/static/js/quick-exit.js\"></script>")
    assert svg_problems(f'<svg xmlns="http://www.w3.org/2000/svg" onload="{MARK}"/>')


@pytest.fixture
def published_corpus(client, db):
    """Submit every payload through the share form, then screen and approve it for real."""
    metoo()
    keys = []
    for number, text in enumerate(CORPUS):
        name = NAMES[number % len(NAMES)]
        response = client.post("/share/", {"campaign": "metoo", "text": text, "anonymity": "pseudonym", "display_name": name})
        if response.status_code == 429:
            pytest.fail("the share rate limit stopped the corpus; raise RATE_LIMIT_STORIES in this test")
        assert response.status_code in (200, 400), response.status_code
        found = re.search(r'data-key="([a-z-]+)"', response.content.decode())
        if found:
            keys.append(found.group(1))
    staff = moderator()
    stories = list(Story.objects.all())
    # Payloads that are nothing but markup clean to nothing and are refused as empty.
    assert len(stories) == len(keys) >= 10
    for story in stories:
        moderation.screen_story_by_id(story_id=story.pk)
        story.refresh_from_db()
        moderation.claim_story(story=story, moderator=staff)
        for signal in moderation.open_personal_data(story):
            moderation.dismiss_signal(story_id=story.pk, moderator=staff, version=story.version, signal_id=signal.pk)
        moderation.decide(story_id=story.pk, moderator=staff, version=story.version, action="approve")
    assert Story.objects.published().count() == len(stories)
    return stories, keys


@pytest.fixture(autouse=True)
def generous_limits(settings):
    settings.RATE_LIMIT_STORIES = "1000/h"
    settings.RATE_LIMIT_KEY_TRIES = "1000/h"


def test_nothing_executable_survives_on_any_page(client, published_corpus):
    stories, keys = published_corpus
    pages = ["/", "/c/metoo/", "/stories/"] + [f"/stories/{story.public_id}/" for story in stories]
    problems = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        found = markup_problems(response.content.decode())
        if found:
            problems[path] = found
    for key in keys:
        response = client.post("/my-story/", {"key": key})
        assert response.status_code == 200
        found = markup_problems(response.content.decode())
        if found:
            problems[f"/my-story/ ({key[:10]}…)"] = found
    assert problems == {}


def test_stored_names_have_no_invisible_or_direction_characters(published_corpus):
    # Stored text may hold a literal "<" (a reader typed "&lt;"): templates escape it on output.
    stories, _keys = published_corpus
    assert any(story.display_name for story in stories)
    for story in stories:
        assert not re.search("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]", story.display_name), story.display_name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("River\u202eevil", "Riverevil"),
        ("Ri\u200dver", "River"),
        ("\u2066River\u2069", "River"),
        ("\ufeffRiver\u200b\u200c\u200e\u200f", "River"),
        ("<b>River</b>", "River"),
        ("  River \n  Song  ", "River Song"),
    ],
)
def test_pseudonyms_lose_direction_overrides_and_zero_width_characters(raw, clean):
    assert clean_name(raw) == clean


def test_story_text_keeps_line_breaks_and_drops_controls():
    assert clean_text("one\r\ntwo\x00\x07\n\n\n\nthree") == "one\ntwo\n\nthree"


def test_open_data_and_the_badge_stay_inert(client, db):
    """Campaign names are staff-written but still reach the API, the CSV and the badge."""
    CampaignFactory(slug="hostile", hashtag=f"<script>{MARK}</script>", title=f"=HYPERLINK(\"http://x/{MARK}\")")
    CampaignFactory(slug="formula", hashtag=f"@SUM(1+1){MARK}", title=f"+cmd|' /C calc'!{MARK}")
    counts = client.get("/api/v1/counts")
    assert counts.status_code == 200 and counts["Content-Type"].startswith("application/json")
    json.loads(counts.content)  # JSON, served as JSON: a browser will not run it
    assert counts["X-Content-Type-Options"] == "nosniff"
    for path in ("/api/v1/counts.csv", "/api/v1/timeline.csv", "/api/v1/counts.csv?campaign=formula"):
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), path
        for row in csv.reader(io.StringIO(response.content.decode())):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{path}: formula cell {cell!r}"
    for slug in ("hostile", "formula"):
        response = client.get(f"/badge/{slug}.svg")
        if response.status_code == 404 and slug == "hostile":
            pytest.skip("the badge view does not exist yet")
        assert response.status_code == 200
        assert svg_problems(response.content.decode()) == []


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"x\")"])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["metoo", "12", "#MeToo", "", None])
def test_ordinary_csv_cells_are_untouched(value):
    assert csv_cell(value) == ("" if value is None else value)
