import pytest
from kombu import Connection

from config.celery import app


def test_it_reports_each_part(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] in {"ok", "eager"}


def test_it_refuses_a_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_it_says_when_the_cache_is_down(client, db, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down"
    assert response.json()["database"] == "ok"


def test_it_says_when_the_broker_is_down(client, db, settings, monkeypatch):
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    closed_port = Connection("redis://127.0.0.1:1/0", connect_timeout=0.5)
    monkeypatch.setattr(app, "connection_for_write", lambda: closed_port)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"


@pytest.mark.worker
def test_it_reports_a_real_broker_as_ok(client, celery_worker_real):
    response = client.get("/healthz")
    assert response.json()["broker"] == "ok"


def test_the_redis_cache_reuses_one_client(settings):
    from config.redis_cache import ChorusRedisCache

    cache = ChorusRedisCache("redis://127.0.0.1:6379/9", {})
    assert cache._cache.get_client() is cache._cache.get_client()
    assert cache._cache.get_client(write=True) is cache._cache.get_client()
