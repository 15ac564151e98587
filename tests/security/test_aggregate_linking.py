"""Attack 5 (issue 15): linking an anonymous story to its author by order and time.

An anonymous story posted while signed in sat right after the account's
named story in the id sequence, microseconds apart, a second after the
account's last_login; the public cursor decoded to the publication time
and the internal id.
"""

import datetime
import re

from django.core import signing
from django.utils import timezone

from stories import services
from stories.choices import Status
from stories.models import Story, Tap
from tests.factories import PASSWORD, StoryFactory, UserFactory, metoo
from tests.security.aggregate_helpers import set_status


def test_an_anonymous_story_does_not_line_up_with_its_authors_named_story_or_sign_in(client, db):
    campaign = metoo()
    user = UserFactory(username="river")
    assert client.login(username="river", password=PASSWORD)
    user.refresh_from_db()
    named = services.submit_story(campaign=campaign, text="Under my name.", anonymity="named", author=user).story
    anonymous = services.submit_story(campaign=campaign, text="Without a name.", anonymity="anonymous").story

    for story in (named, anonymous):
        stored = Story.objects.get(pk=story.pk)
        assert stored.created_at.second == 0 and stored.created_at.microsecond == 0
    # The ids carry no order: not neighbours in a sequence.
    assert abs(named.pk - anonymous.pk) > 1_000_000
    # The sign-in is stored to the day, not to the second before the post.
    assert (user.last_login.hour, user.last_login.minute, user.last_login.second, user.last_login.microsecond) == (0, 0, 0, 0)


def test_taps_carry_no_order_and_only_their_hour(db):
    campaign = metoo()
    first = services.record_tap(campaign=campaign, context={})
    second = services.record_tap(campaign=campaign, context={})
    assert abs(first.pk - second.pk) > 1_000_000
    for tap in Tap.objects.all():
        assert (tap.hour.minute, tap.hour.second, tap.hour.microsecond) == (0, 0, 0)


def test_the_stories_cursor_carries_no_time_and_no_internal_id(client, db):
    now = timezone.now()
    stories = [
        StoryFactory(status=Status.PUBLISHED, published_at=now - datetime.timedelta(minutes=i), text=f"Story {i}.")
        for i in range(25)
    ]
    page = client.get("/stories/")
    cursor = re.search(r"after=([^&\"]+)", page.content.decode()).group(1)
    try:
        decoded = signing.loads(cursor, salt="chorus.stories-cursor")
    except signing.BadSignature:
        decoded = None
    assert decoded is None
    last = page.context["stories"][-1]
    assert str(last.pk) not in cursor
    assert last.published_at.isoformat()[:10] not in cursor
    assert cursor in {story.public_id for story in stories}  # a random id already shown on the page


def test_no_page_api_field_or_export_names_an_internal_id(client, db):
    campaign = metoo()
    user = UserFactory(username="sky")
    story = services.submit_story(campaign=campaign, text="Kept in my account.", anonymity="anonymous", author=user, keep_in_account=True).story
    set_status(story, Status.PUBLISHED)
    tap = services.record_tap(campaign=campaign, context={})
    client.force_login(user)
    paths = ["/", "/stories/", story.get_absolute_url(), "/c/metoo/", "/api/v1/counts", "/api/v1/counts.csv",
             "/api/v1/timeline", "/api/v1/timeline.csv", "/account/export/"]
    for path in paths:
        body = client.get(path).content.decode()
        for internal in (story.pk, tap.pk):
            assert not re.search(rf"(?<!\d){internal}(?!\d)", body), (path, internal)


def test_a_submission_does_not_date_itself_in_the_awaiting_review_count(client, db):
    from django.core.cache import cache

    campaign = metoo()
    for _ in range(10):
        services.record_tap(campaign=campaign, context={})  # the campaign's first release
    before = client.get("/api/v1/counts").json()["total"]["stories_pending"]
    services.submit_story(campaign=campaign, text="Just now.", anonymity="anonymous")
    cache.clear()
    # A live +1 here would tell a watcher the minute this story came in.
    assert client.get("/api/v1/counts").json()["total"]["stories_pending"] == before
