"""Attack 3 (issue 15): the stories list's filters and the hourly timeline were not suppressed.

A campaign with 2 voices: the counts API hid "setting: religious", but
/stories/?campaign=…&setting=religious listed exactly that story, and the
hourly timeline gave its hour.
"""

import datetime

import time_machine
from django.utils import timezone

from tests.factories import CampaignFactory
from tests.security.aggregate_helpers import publish_figures, published_story, tap

K = 10


def small_campaign():
    campaign = CampaignFactory(slug="small", hashtag="#Small")
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=5)):
        story = published_story(campaign, text="It happened at my place of worship.", setting="religious", kind="assault")
    tap(campaign)
    publish_figures()
    return campaign, story


def test_a_filter_on_private_answers_finds_nothing_and_reveals_nothing(client, db):
    _campaign, story = small_campaign()
    for query in ({"campaign": "small", "setting": "religious"}, {"setting": "religious"}, {"kind": "assault", "setting": "religious"}):
        page = client.get("/stories/", query).content.decode()
        assert story.text not in page, query


def test_a_filter_that_would_single_out_fewer_than_k_stories_says_so(client, db):
    campaign, story = small_campaign()
    story.context_public = True  # even an author who chose to show the answers is not singled out
    story.save(update_fields=["context_public"])
    response = client.get("/stories/", {"campaign": "small", "setting": "religious"})
    page = response.content.decode()
    assert response.status_code == 200
    assert story.text not in page
    assert f"Fewer than {K} stories match" in page
    # No cross-tab either: the same answer for "nothing matches".
    empty = client.get("/stories/", {"campaign": "small", "setting": "school"}).content.decode()
    assert f"Fewer than {K} stories match" in empty


def test_the_hourly_timeline_does_not_give_a_small_campaigns_hour(client, db):
    small_campaign()
    for campaign in ("small", None):
        query = {"bucket": "hour", **({"campaign": campaign} if campaign else {})}
        points = client.get("/api/v1/timeline", query).json()["points"]
        assert all(point["voices"] in (None, 0) or point["voices"] >= K for point in points), points
        csv = client.get("/api/v1/timeline.csv", query).content.decode()
        assert ",1\r\n" not in csv and ",2\r\n" not in csv
    page = client.get("/c/small/", {"bucket": "hour"}).content.decode()
    table = page.split("timeline-table-caption")[-1].split("</table>")[0]
    assert '<td class="num">1</td>' not in table


def test_the_breakdowns_of_a_small_campaign_show_nothing_countable(client, db):
    small_campaign()
    breakdowns = client.get("/api/v1/counts", {"campaign": "small"}).json()["breakdowns"]
    for field, cells in breakdowns.items():
        assert all(count in (None, 0) or count >= K for count in cells.values()), field
