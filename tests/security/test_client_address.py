"""Promise 1, unit level: X-Forwarded-For is believed only from a trusted proxy, the address and
user agent leave request.META, and gunicorn's logger drops them."""

import datetime
import importlib
import logging

import pytest
from django.test import RequestFactory

from config.client_address import address_hmac, client_address
from config.middleware import ClientAddressMiddleware


def test_it_ignores_x_forwarded_for_from_an_untrusted_peer():
    meta = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.77"}
    assert client_address(meta, ["127.0.0.1"]) == "203.0.113.5"


def test_it_ignores_x_forwarded_for_when_no_proxy_is_trusted():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.77"}
    assert client_address(meta, []) == "127.0.0.1"


def test_it_believes_a_trusted_proxy():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.77"}
    assert client_address(meta, ["127.0.0.1"]) == "198.51.100.77"


def test_it_takes_the_right_most_address_a_proxy_did_not_add():
    # The client forged the first entry; our two proxies (a network) appended the rest.
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.77, 10.0.0.1"}
    assert client_address(meta, ["10.0.0.0/8"]) == "198.51.100.77"


@pytest.mark.parametrize("forwarded", ["", "   ", " , ,", "10.0.0.1"])
def test_it_falls_back_to_the_peer_when_the_header_names_only_proxies_or_nothing(forwarded):
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(meta, ["10.0.0.0/8"]) == "10.0.0.2"


def test_a_bad_proxy_setting_trusts_nobody():
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.77"}
    assert client_address(meta, ["not a network"]) == "127.0.0.1"


def test_the_middleware_removes_the_address_and_user_agent(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    seen = {}

    def view(request):
        seen["meta"] = dict(request.META)
        seen["hmac"] = str(request.address_hmac)
        return None

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.77", HTTP_USER_AGENT="ChorusProbe/9.9",
        HTTP_X_REAL_IP="198.51.100.77", HTTP_FORWARDED="for=198.51.100.77",
    )
    ClientAddressMiddleware(view)(request)
    flat = repr(seen["meta"])
    assert "198.51.100.77" not in flat and "ChorusProbe" not in flat
    assert seen["meta"]["REMOTE_ADDR"] == ""
    assert seen["hmac"] == address_hmac("198.51.100.77")
    assert "198.51.100.77" not in seen["hmac"]


def test_the_address_hmac_changes_with_the_daily_salt(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
    today = address_hmac("198.51.100.77")
    assert today == address_hmac("198.51.100.77")
    time_machine.move_to(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC))
    assert address_hmac("198.51.100.77") != today


# --- gunicorn -------------------------------------------------------------------------


@pytest.fixture
def gunicorn_config(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 10.0.1.0/24")
    import config.gunicorn

    return importlib.reload(config.gunicorn)


def test_gunicorn_trusts_the_same_proxies_as_django(gunicorn_config):
    assert gunicorn_config.forwarded_allow_ips == "10.0.0.1,10.0.1.0/24"


def test_gunicorn_trusts_no_proxy_by_default(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    import config.gunicorn

    assert importlib.reload(config.gunicorn).forwarded_allow_ips == ""


def test_gunicorn_access_log_format_has_no_address_user_agent_or_referrer(gunicorn_config):
    for atom in ("%(h)s", "%(a)s", "%(f)s", "{x-forwarded-for}", "{user-agent}", "{remote_addr}"):
        assert atom not in gunicorn_config.access_log_format


def test_gunicorn_logger_blanks_identifying_atoms_and_scrubs_the_peer(gunicorn_config, caplog):
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("access_log_format", '%(h)s %(a)s %(f)s %({x-forwarded-for}i)s %({remote_addr}e)s "%(r)s"')
    logger = gunicorn_config.PrivateLogger(cfg)

    class Response:
        status, headers, sent = "200 OK", [], 10

    class Request:
        headers = [("X-FORWARDED-FOR", "198.51.100.77"), ("USER-AGENT", "ChorusProbe/9.9")]

    environ = {
        "REMOTE_ADDR": "127.0.0.77", "HTTP_USER_AGENT": "ChorusProbe/9.9", "HTTP_REFERER": "https://a.example/",
        "REQUEST_METHOD": "GET", "RAW_URI": "/share/", "SERVER_PROTOCOL": "HTTP/1.1",
    }
    atoms = logger.atoms(Response(), Request(), environ, datetime.timedelta(seconds=1))
    line = cfg.access_log_format % logger.atoms_wrapper_class(atoms)
    assert "GET /share/ HTTP/1.1" in line
    for secret in ("127.0.0.77", "198.51.100.77", "ChorusProbe", "a.example"):
        assert secret not in line
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        logger.error_log.propagate = True
        logger.warning("Invalid request from ip=127.0.0.77: Invalid header")
    assert "127.0.0.77" not in caplog.text and "Invalid request from ip=-" in caplog.text
