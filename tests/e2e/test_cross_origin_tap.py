"""Chromium, with the wall served from finished bytes: taps work without a token, JS on and off,
and a form on another origin that posts to a tap is refused (Fetch Metadata, config/cross_origin.py).
"""

import http.server
import threading

import pytest

from stories.models import Tap

ATTACKER_HOST = "127.0.0.2"  # another loopback address: another origin and another site


@pytest.fixture
def cached_site(site, settings):
    settings.ANONYMOUS_CACHE_SECONDS = 30  # every anonymous reader after the first gets the stored bytes
    return site


@pytest.fixture
def attacker_site(cached_site):
    """Serve, from another origin, a page whose form posts a tap to the wall."""
    page = (
        "<!DOCTYPE html><html><body><h1>Win a prize</h1>"
        f'<form method="post" action="{cached_site}/c/metoo/metoo/"><input type="hidden" name="kind" value="assault">'
        '<button type="submit">Claim</button></form></body></html>'
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer((ATTACKER_HOST, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{ATTACKER_HOST}:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("javascript", [True, False])
def test_taps_from_cached_pages_count_and_never_show_another_visitors_message(chromium, cached_site, javascript):
    for visitor in range(2):
        context = chromium.new_context(java_script_enabled=javascript)
        page = context.new_page()
        response = page.goto(cached_site + "/c/metoo/")
        assert response.headers.get("x-anonymous-cache") == ("miss" if visitor == 0 else "hit")
        assert "You are counted" not in page.content()
        page.get_by_role("button", name="Me too", exact=True).click()
        page.wait_for_load_state()
        assert "You are counted" in page.content()
        context.close()
    assert Tap.objects.count() == 2


@pytest.mark.parametrize("javascript", [True, False])
def test_a_cross_site_form_post_to_a_tap_is_refused(chromium, attacker_site, javascript):
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(attacker_site)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Claim").click()
    assert navigation.value.status == 403
    assert "You are counted" not in page.content()
    context.close()
    assert Tap.objects.count() == 0
