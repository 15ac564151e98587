"""Issue 18.6 in Chromium: with the flood switch on, ALTCHA's own widget (vendored) solves the
challenge under the strict CSP, from this site only, and the tap and the story go through."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from stories.models import FloodSwitch, Story, Tap

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def flood():
    FloodSwitch.objects.update_or_create(pk=1, defaults={"proof_of_work": True})
    cache.delete("flood-switch")


def test_the_widget_solves_under_the_strict_csp_and_posting_works(browsing, flood):
    page = browsing.page(js=True)
    page.goto("/c/metoo/")
    box = page.locator("[data-flood-check]").first
    expect(box.locator("[data-pow-status]")).to_be_hidden(timeout=30_000)
    assert page.locator('input[name="altcha"]').first.input_value(), "the widget wrote its solution into the form"
    page.get_by_role("button", name="Me too", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("You are counted")
    assert Tap.objects.count() == 1

    page.goto("/share/")
    expect(page.locator("[data-pow-status]")).to_be_hidden(timeout=30_000)
    page.get_by_label("Your story").fill("Through the flood, with the widget's proof.")
    page.get_by_role("button", name="Send my story for review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you for sharing")
    assert Story.objects.count() == 1
    browsing.axe(page, "share confirmation during a flood")
    browsing.assert_stayed_home()  # no console error: nothing the CSP refused, no other site


def test_without_javascript_the_flood_form_says_why_it_cannot_be_sent(browsing, flood):
    page = browsing.page(js=False)
    page.goto("/share/")
    # (Chromium with scripts switched off by DevTools still parses <noscript> as text, so read the HTML.)
    html = page.content()
    assert "<altcha-widget" in html and "sending needs JavaScript for a moment" in html
    browsing.assert_stayed_home()
