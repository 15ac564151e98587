"""What the attacks in tests/security/test_aggregate_*.py share: voices, stories, and a reader of every published number."""

from django.core.cache import cache
from django.db import transaction

from stories import services
from stories.choices import Status
from stories.models import Campaign, Story


def tap(campaign: Campaign, times: int = 1, **context) -> None:
    for _ in range(times):
        services.record_tap(campaign=campaign, context=context)


def published_story(campaign: Campaign, text: str = "It happened at work.", **context) -> Story:
    story = services.submit_story(campaign=campaign, text=text, anonymity="anonymous", context=context).story
    set_status(story, Status.PUBLISHED)
    return Story.objects.get(pk=story.pk)


def set_status(story: Story, status: str, hidden: bool | None = None) -> None:
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        services.change_story_status(story=locked, status=status, hidden=hidden)


def publish_figures() -> None:
    """Publish every campaign's figures now, whatever changed (a test's shortcut; today's main publishes live)."""
    try:
        from stories import releases
    except ImportError:
        return
    for campaign in Campaign.objects.all():
        releases.release_now(campaign.pk)


def published_numbers(client, campaign: Campaign) -> dict:
    """Read everything an outsider can read about the numbers, after the cache has expired."""
    cache.clear()
    counts = client.get("/api/v1/counts").json()
    own = client.get("/api/v1/counts", {"campaign": campaign.slug}).json()
    numbers = {
        "breakdowns": counts["breakdowns"],
        "campaign_breakdowns": own["breakdowns"],
        "timeline_hour": client.get("/api/v1/timeline", {"bucket": "hour"}).json()["points"],
        "campaign_timeline_hour": client.get("/api/v1/timeline", {"campaign": campaign.slug, "bucket": "hour"}).json()["points"],
        "campaign_timeline_day": client.get("/api/v1/timeline", {"campaign": campaign.slug, "bucket": "day"}).json()["points"],
        "totals": counts["total"],
    }
    page = client.get(campaign.get_absolute_url()).content.decode()
    numbers["page_breakdowns"] = page.split('class="breakdowns"')[-1].split("</section>")[0] if 'class="breakdowns"' in page else ""
    return numbers
