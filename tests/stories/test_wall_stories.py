"""The stories list, a story's page, "I believe you", the reading pause and the badge."""

import datetime

import pytest
from django.core import signing
from django.utils import timezone

from stories.browser_memory import BELIEVED
from stories.choices import Anonymity, Status
from stories.models import Story
from tests.factories import CampaignFactory, StoryFactory


def published(n: int = 1, **fields) -> list[Story]:
    now = timezone.now()
    stories = []
    for index in range(n):
        defaults = {"status": Status.PUBLISHED, "published_at": now - datetime.timedelta(minutes=index), "text": f"Story number {index}."}
        stories.append(StoryFactory(**{**defaults, **fields}))
    return stories


def test_it_lists_published_stories_newest_first(client, campaign):
    older, newer = published(1, text="Older.", published_at=timezone.now() - datetime.timedelta(days=1))[0], published(1, text="Newer.")[0]
    StoryFactory(status=Status.IN_REVIEW, text="Not yet reviewed.")
    StoryFactory(status=Status.PUBLISHED, is_hidden=True, published_at=timezone.now(), text="Hidden after flags.")
    page = client.get("/stories/").content.decode()
    assert page.index(newer.text) < page.index(older.text)
    assert "Not yet reviewed." not in page
    assert "Hidden after flags." not in page


def test_it_paginates_with_a_cursor_that_is_stable_under_inserts(client, campaign):
    published(45)
    first = client.get("/stories/")
    assert first.context["stories"][0].text == "Story number 0."
    assert len(first.context["stories"]) == 20
    next_query = first.context["next_query"]
    # A story published meanwhile does not shift the next page.
    published(1, text="Brand new.", published_at=timezone.now() + datetime.timedelta(minutes=1))
    second = client.get("/stories/?" + next_query)
    assert [s.text for s in second.context["stories"]] == [f"Story number {i}." for i in range(20, 40)]
    third = client.get("/stories/?" + second.context["next_query"])
    assert len(third.context["stories"]) == 5
    assert third.context["next_query"] == ""


def test_it_never_uses_offset(client, campaign, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published(25)
    first = client.get("/stories/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/stories/?" + first.context["next_query"])
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_it_breaks_ties_on_the_same_second_by_id(client, campaign):
    moment = timezone.now()
    stories = [StoryFactory(status=Status.PUBLISHED, published_at=moment, text=f"Same time {i}.") for i in range(25)]
    first = client.get("/stories/")
    second = client.get("/stories/?" + first.context["next_query"])
    seen = [s.pk for s in first.context["stories"]] + [s.pk for s in second.context["stories"]]
    assert sorted(seen) == sorted(s.pk for s in stories)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "x" * 40,
        "WyIyMDE3Il0:1abc:xyz",
        # The old signed (time, id) cursors are refused: cursors are public ids now.
        signing.dumps(["2017-10-15T00:00:00+00:00", 1], salt="chorus.stories-cursor", compress=True),
        signing.dumps("just a string", salt="chorus.stories-cursor"),
    ],
    # Signed values carry the time of signing: named ids keep the collection the same on every xdist worker.
    ids=["garbage", "forty-x", "bad-signature", "old-signed-time-and-id", "signed-string"],
)
def test_it_answers_a_broken_cursor_with_a_message_not_a_500(client, campaign, cursor):
    published(3)
    response = client.get("/stories/", {"after": cursor})
    assert response.status_code == 400
    assert "out of date or broken" in response.content.decode()
    assert len(response.context["stories"]) == 3


def test_it_filters_by_campaign_kind_setting_and_language(client, campaign):
    # Answers filter only the stories whose authors chose to show them, and only
    # when at least k stories match (issue 15: was one story per filter).
    other = CampaignFactory(slug="notokay", hashtag="#NotOkay")
    for index in range(10):
        published(1, text=f"Workplace harassment {index}.", kind="harassment", setting="workplace", language="en", context_public=True)
        published(1, text=f"Online in Spanish {index}.", setting="online", language="es", context_public=True)
    published(1, text="Private answers.", kind="harassment", setting="online", language="es")
    published(1, text="Other campaign.", campaign=other)

    def texts(**query):
        response = client.get("/stories/", query)
        assert response.status_code == 200
        return {s.text for s in response.context["stories"]}

    assert texts(campaign="notokay") == {"Other campaign."}
    assert texts(kind="harassment") == {f"Workplace harassment {i}." for i in range(10)}
    assert texts(setting="online") == {f"Online in Spanish {i}." for i in range(10)}
    assert texts(language="es") == {f"Online in Spanish {i}." for i in range(10)} | {"Private answers."}
    assert texts(campaign="metoo", setting="workplace") == {f"Workplace harassment {i}." for i in range(10)}
    assert texts(campaign="notokay", kind="harassment") == set()  # fewer than k: not listed


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"campaign": "nope"}, "There is no campaign called"),
        ({"kind": "<b>x</b>"}, "Select a valid choice"),
        ({"language": "xx"}, "Select a valid choice"),
        ({"setting": "\x00"}, "Select a valid choice"),
    ],
)
def test_it_answers_a_bad_filter_with_a_message(client, campaign, query, message):
    published(2)
    response = client.get("/stories/", query)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "<b>x</b>" not in page
    assert len(response.context["stories"]) == 2


def test_it_folds_content_warned_stories(client, campaign):
    published(1, text="Graphic details.", content_warning=True)
    page = client.get("/stories/").content.decode()
    assert '<details class="cw" data-story-open><summary>' in page
    assert page.index("show it") < page.index("Graphic details.")


def test_it_rejects_a_post_to_the_list(client, db):
    assert client.post("/stories/").status_code == 405


def test_it_offers_a_reading_pause_counted_only_in_the_browser(client, campaign, settings):
    settings.READING_PAUSE_AFTER = 7
    story = published(1)[0]
    for path in ("/stories/", story.get_absolute_url()):
        page = client.get(path).content.decode()
        assert 'data-pause-after="7"' in page
        assert 'src="/static/js/reading-pause.js"' in page
    assert not client.cookies.get("session")


# --- A story's page ----------------------------------------------------------------------


def test_it_shows_a_published_story_and_an_anonymous_one_to_the_day(client, campaign):
    story = published(1, text="My story.", anonymity=Anonymity.ANONYMOUS, published_at=datetime.datetime(2017, 10, 15, 21, 42, tzinfo=datetime.UTC))[0]
    response = client.get(f"/stories/{story.public_id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "My story." in page
    assert "15 October 2017" in page
    assert "21:42" not in page and "9:42" not in page


@pytest.mark.parametrize(
    "fields",
    [{"status": Status.IN_REVIEW}, {"status": Status.REJECTED}, {"status": Status.WITHDRAWN}, {"status": Status.PUBLISHED, "is_hidden": True}],
)
def test_it_hides_stories_that_are_not_public(client, campaign, fields):
    story = StoryFactory(published_at=timezone.now(), **fields)
    assert client.get(f"/stories/{story.public_id}/").status_code == 404
    assert client.post(f"/stories/{story.public_id}/believe/").status_code == 404


def test_it_answers_an_unknown_story_with_404(client, db):
    assert client.get("/stories/does-not-exist/").status_code == 404
    assert client.get("/stories/%00%ff/").status_code == 404


def test_it_rejects_a_post_to_a_story_page(client, campaign):
    story = published(1)[0]
    assert client.post(story.get_absolute_url()).status_code == 405


# --- "I believe you" ----------------------------------------------------------------------


def test_it_counts_i_believe_you_once_per_browser(client, campaign):
    story = published(1)[0]
    url = f"/stories/{story.public_id}/believe/"
    first = client.post(url)
    assert first.status_code == 302
    assert first["Location"] == story.get_absolute_url()
    client.post(url)
    story.refresh_from_db()
    assert story.believed == 1
    page = client.get(story.get_absolute_url()).content.decode()
    assert "You have already told this person you believe them." in page, "the second tap is answered once, as a message"
    assert "1 person believes them." in page
    # The page itself is the same for every visitor: it never shows what this browser did.
    assert "You told them you believe them." not in client.get(story.get_absolute_url()).content.decode()


def test_it_counts_each_browser(client, campaign):
    from django.test import Client

    story = published(1)[0]
    client.post(f"/stories/{story.public_id}/believe/")
    Client().post(f"/stories/{story.public_id}/believe/")
    story.refresh_from_db()
    assert story.believed == 2


def test_it_stores_only_story_ids_in_the_believed_cookie(client, campaign):
    story = published(1)[0]
    client.post(f"/stories/{story.public_id}/believe/")
    cookie = client.cookies[BELIEVED.cookie_name]
    assert cookie.value.split(":")[0] == story.public_id
    assert cookie["httponly"]
    assert not client.cookies.get("session")


def test_it_ignores_a_forged_believed_cookie(client, campaign):
    story = published(1)[0]
    client.cookies[BELIEVED.cookie_name] = story.public_id + ":forged"
    client.post(f"/stories/{story.public_id}/believe/")
    story.refresh_from_db()
    assert story.believed == 1


def test_it_never_redirects_elsewhere_after_believing(client, campaign):
    story = published(1)[0]
    response = client.post(f"/stories/{story.public_id}/believe/", {"next": "https://evil.example/"})
    assert response["Location"] == story.get_absolute_url()
    response = client.post(f"/stories/{published(1)[0].public_id}/believe/", {"next": "/stories/?kind=assault"})
    assert response["Location"] == "/stories/?kind=assault"


def test_it_rejects_get_on_believe(client, campaign):
    story = published(1)[0]
    assert client.get(f"/stories/{story.public_id}/believe/").status_code == 405


def test_it_refuses_a_cross_site_believe(campaign):
    """The form carries no per-visitor token (the page is cached): Fetch Metadata guards it (tests/config/test_cross_origin.py)."""
    from django.test import Client

    story = published(1)[0]
    response = Client(enforce_csrf_checks=True).post(
        f"/stories/{story.public_id}/believe/", HTTP_SEC_FETCH_SITE="cross-site", HTTP_ORIGIN="https://elsewhere.example"
    )
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.believed == 0


# --- The badge ----------------------------------------------------------------------------


def test_it_serves_an_embeddable_badge(client, campaign):
    from stories import counters

    counters.add(campaign.pk, {("taps", counters.EPOCH): 123456})
    response = client.get("/badge/metoo.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert "#MeToo — 123,456 voices" in body
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "public" in response["Cache-Control"]


def test_it_escapes_the_badge_text(client, db):
    CampaignFactory(slug="odd", hashtag='#A<b>&"x')
    body = client.get("/badge/odd.svg").content.decode()
    assert "<b>" not in body
    assert "#A&lt;b&gt;&amp;" in body


def test_it_keeps_other_pages_out_of_frames(client, db):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_it_answers_an_unknown_badge_with_404_and_a_post_with_405(client, campaign):
    assert client.get("/badge/nope.svg").status_code == 404
    assert client.post("/badge/metoo.svg").status_code == 405
