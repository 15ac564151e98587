"""One tap: POST /c/<slug>/metoo/."""

import pytest
from django.db import models

from stories import counters
from stories.browser_memory import COUNTED
from stories.models import Campaign, Tap
from tests.factories import CampaignFactory


def test_it_counts_a_tap_with_context(client, campaign):
    response = client.post("/c/metoo/metoo/", {"kind": "harassment", "setting": "workplace", "gender": "woman"})
    assert response.status_code == 302
    tap = Tap.objects.get()
    assert (tap.campaign, tap.kind, tap.setting, tap.gender, tap.relation) == (campaign, "harassment", "workplace", "woman", "")
    assert tap.hour.minute == 0 and tap.hour.second == 0
    assert counters.totals_by_campaign()[campaign.pk]["taps"] == 1
    assert counters.breakdowns(campaign.pk)["kind"] == {"harassment": 1}


def test_it_counts_one_browser_once(client, campaign):
    client.post("/c/metoo/metoo/")
    response = client.post("/c/metoo/metoo/", follow=True)
    assert Tap.objects.count() == 1
    assert response.content.decode().count("already counted") == 1, "said once, as a message"


def test_it_keeps_only_campaign_slugs_in_the_cookie(client, campaign):
    response = client.post("/c/metoo/metoo/")
    cookie = response.cookies[COUNTED.cookie_name]
    assert COUNTED.cookie_name == "__Host-counted", "production-like settings use the __Host- prefix"
    assert cookie.value.split(":")[0] == "metoo"
    assert cookie["httponly"]


def test_a_forged_cookie_does_not_stop_counting(client, campaign):
    client.cookies[COUNTED.cookie_name] = "metoo"  # not signed by us
    client.post("/c/metoo/metoo/")
    assert Tap.objects.count() == 1


def test_it_refuses_a_get(client, campaign):
    assert client.get("/c/metoo/metoo/").status_code == 405
    assert Tap.objects.count() == 0


def test_it_404s_an_unknown_campaign(client, db):
    response = client.post("/c/nope/metoo/")
    assert response.status_code == 404
    assert "could not find" in response.content.decode()


def test_it_refuses_a_closed_campaign(client, db):
    CampaignFactory(slug="closed", is_active=False)
    response = client.post("/c/closed/metoo/", follow=True)
    assert "has closed" in response.content.decode()
    assert Tap.objects.count() == 0


def test_it_rejects_a_forged_choice(client, campaign):
    response = client.post("/c/metoo/metoo/", {"kind": "<script>", "setting": "moon"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Tap.objects.count() == 0


def test_it_rejects_a_filled_honeypot(client, campaign):
    response = client.post("/c/metoo/metoo/", {"website": "http://spam.example"})
    assert response.status_code == 400
    assert Tap.objects.count() == 0


def test_it_rate_limits_by_address(client, campaign, settings):
    settings.RATE_LIMIT_TAPS = "2/h"
    others = CampaignFactory.create_batch(3)
    statuses = [client.post(f"/c/{c.slug}/metoo/", REMOTE_ADDR="203.0.113.9").status_code for c in others]
    assert statuses == [302, 302, 429]
    assert Tap.objects.count() == 2
    # Another address is not affected.
    fresh = type(client)()
    assert fresh.post("/c/metoo/metoo/", REMOTE_ADDR="203.0.113.10").status_code == 302


def test_it_pauses_posting_when_limits_cannot_be_counted(client, campaign, cache_down):
    response = client.post("/c/metoo/metoo/")
    assert response.status_code == 503
    assert "try again" in response.content.decode().lower()
    assert Tap.objects.count() == 0


IDENTITY_HINTS = ("ip", "addr", "agent", "email", "user", "author", "phone", "finger", "device", "session", "cookie", "token", "name")


def test_a_tap_row_holds_only_campaign_hour_and_context(db):
    names = {field.name for field in Tap._meta.get_fields() if field.concrete}
    assert names == {"id", "campaign", "hour", "kind", "setting", "age_group", "relation", "told_before", "gender"}
    for field in Tap._meta.get_fields():
        if not field.concrete:
            continue
        assert not any(hint in field.name for hint in IDENTITY_HINTS), field.name
        if isinstance(field, models.CharField) and field.name != "id":
            assert field.choices, f"{field.name} must be a closed choice list"
        if isinstance(field, models.ForeignKey):
            assert field.related_model is Campaign


@pytest.mark.parametrize("path", ["/", "/c/metoo/"])
def test_every_active_campaign_shows_a_me_too_button(client, campaign, path):
    body = client.get(path).content.decode()
    assert 'action="/c/metoo/metoo/"' in body
    assert "Me too" in body


def test_the_first_tap_shows_the_new_count_at_once_and_one_message(client, campaign, settings):
    """Issue 13.6: the cached wall must not show the old number beside "You are counted"."""
    import re

    settings.WALL_CACHE_SECONDS = 60
    client.post("/c/metoo/metoo/")
    other = type(client)()
    before = other.get("/c/metoo/").content.decode()  # the snapshot is now cached with 1 voice
    page = other.post("/c/metoo/metoo/", follow=True).content.decode()
    number = re.search(r'data-live="campaign-metoo">([\d,]+)<', page).group(1)
    assert number == "2", "the count just after a tap includes it"
    assert re.search(r'data-live="campaign-metoo">([\d,]+)<', before).group(1) == "1"
    assert page.count('class="message message-') == 1 and "You are counted" in page
    assert "already counted" not in page


def test_the_campaign_page_never_says_this_browser_was_counted(client, campaign):
    """Issue 13.2 / design 1: the wall is the same for every visitor, whatever the cookie holds."""
    import re

    def page(visitor, path):
        # Per-visitor CSRF tokens are the "scale" part of design 1; compare everything else.
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", visitor.get(path).content.decode())

    client.post("/c/metoo/metoo/", follow=True)
    fresh_visit = type(client)()
    for path in ("/c/metoo/", "/"):
        assert page(client, path) == page(fresh_visit, path)
        assert "already counted" not in page(client, path)


TAP_POSTS = [
    {},
    {"kind": "harassment", "setting": "workplace", "gender": "woman", "told_before": "no"},
    {"kind": "", "setting": "", "age_group": "", "relation": "", "told_before": "", "gender": ""},
    {"kind": "moon"},
    {"kind": "<script>"},
    {"kind": "harassment "},
    {"kind": "Harassment"},
    {"told_before": "maybe"},
    {"gender": "woman\x00"},
    {"website": "http://spam.example"},
    {"website": "   "},
    {"website": "x", "kind": "assault"},
    {"altcha": "x" * 2001},
    {"altcha": "a\x00b"},
    {"altcha": "  "},
    {"unknown_field": "anything", "kind": "assault"},
]


@pytest.mark.parametrize("flood_switch", [False, True])
@pytest.mark.parametrize("data", TAP_POSTS)
def test_the_taps_quick_check_answers_as_the_tap_form_does(db, data, flood_switch, monkeypatch):
    from django.http import QueryDict

    from stories.forms import TapForm, tap_context
    from stories.models import FloodSwitch

    monkeypatch.setattr(FloodSwitch, "proof_of_work_required", classmethod(lambda cls, using="default": flood_switch))
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        posted[name] = value
    form = TapForm(posted)
    assert tap_context(posted) == (form.context if form.is_valid() else None)


def test_a_closed_campaign_is_closed_to_taps_at_once_in_this_process(client, campaign):
    assert client.post("/c/metoo/metoo/").status_code == 302  # the process now remembers the campaign
    campaign.is_active = False
    campaign.save()
    response = type(client)().post("/c/metoo/metoo/", follow=True)
    assert "has closed" in response.content.decode()
    assert Tap.objects.count() == 1


def test_another_process_closing_a_campaign_reaches_taps_within_a_second(client, campaign, monkeypatch):
    from stories import services

    now = [1000.0]
    monkeypatch.setattr(services, "_clock", lambda: now[0])
    assert client.post("/c/metoo/metoo/").status_code == 302
    Campaign.objects.filter(pk=campaign.pk).update(is_active=False)  # no signal: as another process does it
    now[0] += services.CAMPAIGN_MEMO_SECONDS - 0.01
    assert services.campaign_for_post("metoo").is_active, "remembered for at most a second"
    now[0] += 0.02
    assert not services.campaign_for_post("metoo").is_active
    response = type(client)().post("/c/metoo/metoo/", follow=True)
    assert "has closed" in response.content.decode()
    assert Tap.objects.count() == 1
