"""What the public wall shows, read from the counters (no COUNT(*) per request)."""

from stories import counters
from stories.models import Campaign, Story


def campaign_rows(counted: set[str]) -> list[dict]:
    totals = counters.totals_by_campaign()
    rows = []
    for campaign in Campaign.objects.all():
        counts = totals.get(campaign.pk, {"voices": 0, "taps": 0, "stories_published": 0, "stories_pending": 0})
        rows.append({"campaign": campaign, "counts": counts, "counted": campaign.slug in counted})
    return rows


def home_context(request, *, counted: set[str]) -> dict:
    rows = campaign_rows(counted)
    return {
        "campaign_rows": rows,
        "total_voices": sum(row["counts"]["voices"] for row in rows),
        "stories_published": sum(row["counts"]["stories_published"] for row in rows),
        "stories_pending": sum(row["counts"]["stories_pending"] for row in rows),
        "latest_stories": Story.objects.published().select_related("campaign").order_by("-published_at", "-id")[:5],
    }


def campaign_context(request, campaign: Campaign, *, counted: set[str]) -> dict:
    from stories.forms import TapForm

    counts = counters.totals_by_campaign().get(
        campaign.pk, {"voices": 0, "taps": 0, "stories_published": 0, "stories_pending": 0}
    )
    return {
        "campaign": campaign,
        "counts": counts,
        "counted": campaign.slug in counted,
        "tap_form": TapForm(),
        "latest_stories": Story.objects.published().filter(campaign=campaign).order_by("-published_at", "-id")[:5],
    }
