"""X-Forwarded-Proto is believed from our own proxies only (docs/deploy.md, TRUSTED_PROXIES)."""

import pytest
from django.test import Client, override_settings

PROXY = "10.0.0.7"
STRANGER = "203.0.113.50"


@pytest.fixture
def behind_a_proxy(db):
    with override_settings(
        TRUSTED_PROXIES=[PROXY], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000,
    ):
        yield


def get_home(peer: str, **headers):
    return Client(REMOTE_ADDR=peer).get("/healthz", headers=headers)


def test_it_believes_https_from_a_trusted_proxy(behind_a_proxy):
    response = get_home(PROXY, x_forwarded_proto="https")
    assert response.status_code in (200, 503)
    assert "Strict-Transport-Security" in response.headers


def test_it_does_not_believe_https_from_anyone_else(behind_a_proxy):
    response = get_home(STRANGER, x_forwarded_proto="https")
    assert response.status_code == 301, "a plain-HTTP request that claims HTTPS is still redirected"
    assert response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response.headers


def test_it_redirects_plain_http_from_the_proxy(behind_a_proxy):
    assert get_home(PROXY, x_forwarded_proto="http").status_code == 301


def test_it_ignores_the_header_when_no_proxy_is_trusted(db):
    with override_settings(TRUSTED_PROXIES=[], SECURE_PROXY_SSL_HEADER=None, SECURE_SSL_REDIRECT=True):
        assert get_home(STRANGER, x_forwarded_proto="https").status_code == 301
