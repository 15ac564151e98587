"""Real form posts from Chromium pass Django's CSRF checks (Origin and token), JS on and off.

Regression test: under Referrer-Policy: no-referrer Chromium sent "Origin: null" with
every form post and Django refused them all. No CSRF patch here, on purpose.
"""

import pytest

from stories.models import Story, Tap


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False])
def test_a_tap_and_a_story_post_from_the_browser(chromium, live_server, javascript):
    from tests.factories import metoo

    metoo()
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + "/c/metoo/")
    page.get_by_role("button", name="Me too", exact=True).click()
    page.wait_for_load_state()
    assert "You are counted" in page.content()
    page.goto(live_server.url + "/share/")
    page.fill("textarea[name=text]", "It happened at work. I am posting from a real browser.")
    page.get_by_role("button", name="Send my story for review").click()
    page.wait_for_load_state()
    assert "Your story key" in page.content()
    context.close()
    assert Tap.objects.count() == 1
    assert Story.objects.count() == 1
