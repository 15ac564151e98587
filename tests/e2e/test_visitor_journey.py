"""A visitor reads the wall, filters and reads stories, believes one, downloads the numbers and flags a story."""

import csv
import re

import pytest
from playwright.sync_api import expect

from moderation import services as moderation
from moderation.models import Flag
from stories import services as stories
from tests.factories import metoo
from tests.moderation.helpers import held, moderator, screened_story

pytestmark = pytest.mark.django_db(transaction=True)

PLAIN = "A teacher said things to me every day for a year. I was 15. Me too."
DETAILED = "This is what he did, step by step, in the stairwell of our building."


def published(text, **kwargs):
    story = screened_story(text, **kwargs).story
    mod = moderator()
    held(story, mod)
    moderation.decide(story_id=story.pk, moderator=mod, version=story.version, action="approve")
    story.refresh_from_db()
    assert story.status == "published"
    return story


@pytest.fixture
def wall():
    campaign = metoo()
    for _ in range(12):
        stories.record_tap(campaign=campaign, context={"kind": "assault", "setting": "workplace"})
    for _ in range(3):
        stories.record_tap(campaign=campaign, context={"kind": "harassment", "setting": "school"})
    plain = published(PLAIN, context={"kind": "harassment", "setting": "school"})
    detailed = published(DETAILED, content_warning=True, context={"kind": "assault", "setting": "home"})
    from stories import releases

    releases.release_now(campaign.pk)  # publish the figures before k more changes (test only)
    return plain, detailed


def test_it_lets_a_visitor_read_the_wall_and_the_stories(browsing, wall):
    plain, detailed = wall
    page = browsing.page(viewport="desktop")

    # The numbers, the chart with its table, and small groups hidden.
    page.goto("/")
    browsing.axe(page, "home with data")
    expect(page.locator('[data-live="total-voices"]')).to_have_text("17")
    chart = page.locator("svg.timeline-svg")
    expect(chart).to_be_visible()
    assert chart.get_attribute("role") == "img" and chart.locator("title").first.text_content().strip()
    expect(page.locator("caption", has_text="The chart's numbers")).to_be_attached()
    what_happened = page.locator("table.breakdown").filter(has=page.locator("caption", has_text="What happened"))
    expect(what_happened.get_by_text("hidden").first).to_be_visible()  # one label, no bound (issue 15)

    # The open data, as a CSV file.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the numbers (CSV)").click()
    with open(download.value.path(), newline="", encoding="utf-8") as numbers:
        rows = list(csv.reader(numbers))
    assert rows[0] == ["campaign", "hashtag", "measure", "category", "count"]
    assert any(row[2] == "voices" and row[4] == "17" for row in rows), rows[:8]

    # The stories, filtered.
    page.get_by_role("link", name="Read the stories").click()
    browsing.axe(page, "stories")
    expect(page.locator("article.story")).to_have_count(2)
    page.get_by_label("What happened").select_option(label="Harassment")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"kind=harassment"))
    # Fewer than k stories match (their answers are private, too): the list says so instead of
    # singling them out (issue 15; it used to list the one story).
    expect(page.locator("article.story")).to_have_count(0)
    expect(page.get_by_text("Fewer than 10 stories match")).to_be_visible()
    browsing.axe(page, "stories, filtered")

    # A content-warned story stays folded until the reader opens it.
    page.goto("/stories/")
    card = page.locator("article.story").filter(has_text="This story describes what happened in detail")
    expect(card).to_have_count(1)
    expect(card.get_by_text(DETAILED)).to_be_hidden()
    card.get_by_text("This story describes what happened in detail").click()
    expect(card.get_by_text(DETAILED)).to_be_visible()
    card.get_by_role("link", name="Open this story").click()
    expect(page).to_have_url(re.compile(f"/stories/{detailed.public_id}/$"))
    expect(page.get_by_text(DETAILED)).to_be_hidden()
    browsing.axe(page, "content-warned story")
    page.get_by_text("This story describes what happened in detail").click()
    expect(page.get_by_text(DETAILED)).to_be_visible()

    # "I believe you": a count, nothing else.
    page.get_by_role("button", name="I believe you").click()
    expect(page.locator(".messages")).to_contain_text("Thank you. They will see that someone believes them.")
    expect(page.locator(".believed-count")).to_contain_text("1 person believes them")
    browsing.axe(page, "story, believed")

    # Flag it for a moderator.
    page.get_by_text("Report this story").click()
    page.get_by_role("radio", name="It identifies me or someone else").check()
    browsing.axe(page, "story, flag form open")
    page.get_by_role("button", name="Send to a moderator").click()
    expect(page.locator(".messages")).to_contain_text("A moderator will look at this story")
    flag = Flag.objects.get()
    assert flag.story_id == detailed.pk

    browsing.assert_stayed_home()
