"""Promise 1, end to end: no client address or user agent in any database row, cache entry,
broker message or log line.

The real thing runs: gunicorn with config/gunicorn.py and the project's logging, a real Celery
worker, a fresh PostgreSQL database and Redis (cache and broker on their own database numbers,
2 and 3, so other tests are not disturbed). A probe talks to gunicorn as a trusted proxy would
(peer 127.0.0.1, `X-Forwarded-For: 198.51.100.77`) and, for some requests, as an untrusted client
straight from 127.0.0.77; every request carries a distinctive user agent. It taps, shares stories,
opens them with their key, guesses keys, signs up, fails to sign in, signs in (a moderator with
TOTP too), approves, believes and flags. Then it searches a pg_dump, every Redis key and value,
every command Redis received (MONITOR, which sees each broker message even after the worker
consumed it), and all output of gunicorn, the worker and the management commands: no hit.
"""

import base64
import http.client
import ipaddress
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.factories import totp_code
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CLIENT = "198.51.100.77"  # TEST-NET-2: the survivor, as the proxy reports them
OTHER_CLIENT = "198.51.100.78"
UNTRUSTED_PEER = "127.0.0.77"  # someone reaching gunicorn directly, not through the proxy
SPOOFED = "203.0.113.99"  # what that someone claims in X-Forwarded-For
USER_AGENT = "Mozilla/5.0 ChorusProbe/9.9 (unique-ua-7f3a)"
PASSWORD = "a-long-probe-password-9"
# Redis databases the probe FLUSHES and uses; on a shared machine pick your own (CHORUS_PROBE_REDIS_DBS=10,11).
CACHE_DB, BROKER_DB = (int(n) for n in os.environ.get("CHORUS_PROBE_REDIS_DBS", "2,3").split(","))
KEY_PATTERN = re.compile(r'id="story-key" class="story-key" data-key="([a-z-]+)"')
QUEUES = ("screening", "default", "maintenance")

pytestmark = [pytest.mark.postgres, pytest.mark.worker]


def address_needles(address: str) -> list[str]:
    """The address as text, reversed (in-addr style), as an integer and in hex."""
    ip = ipaddress.ip_address(address)
    return [address, ".".join(reversed(address.split("."))), str(int(ip)), ip.packed.hex()]


def services_or_skip() -> dict:
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if urlsplit(database_url).scheme not in ("postgres", "postgresql"):
        pytest.skip("DATABASE_URL is not PostgreSQL: the end-to-end privacy test runs in CI (.ci/run)")
    if not redis_url or not broker_url:
        pytest.skip("REDIS_URL or CELERY_BROKER_URL is unset: the end-to-end privacy test runs in CI (.ci/run)")
    if urlsplit(broker_url).scheme not in ("redis", "rediss"):
        pytest.skip("the broker is not Redis: this test reads broker messages out of Redis")
    return {"database": urlsplit(database_url), "redis": urlsplit(redis_url)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Probe:
    """A tiny HTTP client that keeps cookies and speaks through the proxy or directly."""

    def __init__(self, port: int, *, forwarded_for: str | None = CLIENT, source: str | None = None):
        self.port = port
        self.forwarded_for = forwarded_for
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.source, 0) if self.source else None
        )
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html"}
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode({"csrfmiddlewaretoken": self.csrf_token(), **(data or {})}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        connection.close()
        return response.status, dict(response.getheaders()), text

    def get(self, path: str) -> tuple[int, dict, str]:
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        return self.request("POST", path, data)

    def csrf_token(self) -> str:
        for name, value in self.cookies.items():
            if name.endswith("csrftoken"):
                return value
        return ""


def run_manage(env: dict, outputs: dict, name: str, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    outputs[name] = result.stdout + result.stderr
    assert result.returncode == 0, outputs[name]
    return result.stdout


def redis_contents(client, db: int) -> str:
    """Every key and value in one Redis database, as text; broker message bodies decoded."""
    client.execute_command("SELECT", db)
    parts = []
    for key in client.scan_iter(count=500):
        kind = client.type(key).decode()
        if kind == "string":
            values = [client.get(key)]
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "hash":
            values = [item for pair in client.hgetall(key).items() for item in pair]
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = [member for member, _score in client.zrange(key, 0, -1, withscores=True)]
        else:
            values = [client.dump(key) or b""]
        parts.append(key.decode("utf-8", "replace"))
        parts.extend(value.decode("utf-8", "replace") for value in values if value)
    text = "\n".join(parts)
    return text + "\n" + decoded_bodies(text)


BODY = re.compile(r'\\*"body\\*": \\*"([A-Za-z0-9+/=]+)\\*"')


def decoded_bodies(text: str) -> str:
    """Decode the base64 bodies of Celery messages found in text."""
    bodies = []
    for encoded in BODY.findall(text):
        try:
            bodies.append(base64.b64decode(encoded).decode("utf-8", "replace"))
        except ValueError:
            continue
    return "\n".join(bodies)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def stack(tmp_path):
    """A fresh database, two empty Redis databases, gunicorn and (started later) a worker."""
    import psycopg
    import redis

    urls = services_or_skip()
    db, cache = urls["database"], urls["redis"]
    redis_host, redis_port = cache.hostname or "127.0.0.1", cache.port or 6379
    redis_base = f"{cache.scheme}://{cache.netloc}"
    name = "chorus_privacy_" + secrets.token_hex(4)
    admin_url = urlunsplit((db.scheme, db.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url.replace("postgresql://", "postgres://"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    redis_client = redis.Redis(host=redis_host, port=redis_port, password=cache.password)
    for number in (CACHE_DB, BROKER_DB):
        redis_client.execute_command("SELECT", number)
        redis_client.flushdb()
    port = free_port()
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "CELERY_", "PYTEST", "SECRET", "CHORUS_", "RATE_LIMIT"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.security.e2e_settings",
        DATABASE_URL=urlunsplit((db.scheme, db.netloc, f"/{name}", "", "")),
        REDIS_URL=f"{redis_base}/{CACHE_DB}",
        CELERY_BROKER_URL=f"{redis_base}/{BROKER_DB}",
        SECRET_KEY="privacy-probe-" + secrets.token_hex(24),
        ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXIES="127.0.0.1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="4",
        RATE_LIMIT_KEY_TRIES="4/h",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    outputs: dict[str, str] = {}
    files: dict[str, Path] = {}
    processes: list[subprocess.Popen] = []

    def spawn(label: str, command: list[str]) -> subprocess.Popen:
        files[label] = tmp_path / f"{label}.log"
        handle = files[label].open("w")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        processes.append(process)
        return process

    monitor = spawn("redis-monitor", ["redis-cli", "-h", redis_host, "-p", str(redis_port), "monitor"])
    try:
        run_manage(env, outputs, "migrate", "migrate", "--noinput", "-v", "1")
        staff_secret = run_manage(env, outputs, "create-moderator", "shell", "-c", (
            "from django.contrib.auth.models import Group\n"
            "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
            "from accounts.models import User\n"
            f"user = User.objects.create_user('probe-moderator', password='{PASSWORD}', is_staff=True)\n"
            "user.groups.add(Group.objects.get(name='moderator'))\n"
            "secret = generate_totp_secret()\n"
            "TOTP.activate(user, secret)\n"
            "print(secret)\n"
        )).strip().splitlines()[-1]
        gunicorn = spawn("gunicorn", [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"])

        def healthy():
            assert gunicorn.poll() is None, files["gunicorn"].read_text()
            try:
                return Probe(port).get("/healthz")[0] == 200
            except OSError:
                return False

        wait_until(healthy, timeout=60, interval=0.3, message="gunicorn to answer /healthz")

        def start_worker() -> subprocess.Popen:
            return spawn("worker", [
                str(BIN / "celery"), "-A", "config", "worker", "-Q", ",".join(QUEUES), "-P", "solo",
                "--loglevel", "INFO", "--without-gossip", "--without-mingle",
            ])

        def database(sql: str, *params):
            with psycopg.connect(env["DATABASE_URL"].replace("postgresql://", "postgres://")) as connection:
                return connection.execute(sql, params).fetchall()

        yield {
            "port": port, "env": env, "outputs": outputs, "files": files, "redis": redis_client,
            "start_worker": start_worker, "database": database, "staff_secret": staff_secret,
            "processes": processes, "monitor": monitor, "name": name, "admin_url": admin_url,
        }
    finally:
        for process in reversed(processes):
            stop(process)
        for number in (CACHE_DB, BROKER_DB):
            redis_client.execute_command("SELECT", number)
            redis_client.flushdb()
        with psycopg.connect(admin_url.replace("postgresql://", "postgres://"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def share_story(probe: Probe, text: str, **fields) -> str:
    assert probe.get("/share/")[0] == 200
    status, _headers, body = probe.post("/share/", {"campaign": "metoo", "text": text, "anonymity": "anonymous", **fields})
    assert status == 200, body[:2000]
    match = KEY_PATTERN.search(body)
    assert match, "the confirmation page shows the story key"
    return match.group(1)


def sign_in(probe: Probe, username: str, password: str) -> int:
    probe.get("/accounts/login/")
    return probe.post("/accounts/login/", {"login": username, "password": password})[0]


def malformed_request(port: int, source: str) -> None:
    """Send gunicorn a broken request; it logs a warning about the peer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBroken header line\r\n\r\n")
        sock.recv(4096)


def test_no_address_or_user_agent_reaches_the_database_cache_broker_or_logs(stack, tmp_path):
    port, database = stack["port"], stack["database"]

    # --- Phase 1: no worker yet, so the broker keeps every message for us to read. ---
    visitor = Probe(port)
    assert visitor.get("/")[0] == 200
    assert visitor.get("/c/metoo/")[0] == 200
    assert visitor.post("/c/metoo/metoo/", {"kind": "harassment", "setting": "workplace"})[0] == 302
    second_visitor = Probe(port)
    second_visitor.get("/c/metoo/")
    assert second_visitor.post("/c/metoo/metoo/", {})[0] == 302

    first_key = share_story(visitor, "It happened at work, more than once. I was 24.")
    second_key = share_story(Probe(port), "At 14, on the bus home. I never told anyone.", anonymity="pseudonym", display_name="River")

    author = Probe(port)
    author.get("/my-story/")
    assert author.post("/my-story/", {"key": first_key})[0] == 200
    # Key guessing is limited per address (RATE_LIMIT_KEY_TRIES=4/h here; only wrong keys count,
    # so the correct key above spent nothing): the proxy's X-Forwarded-For is believed, so another
    # client behind the same proxy is not limited.
    guesses = [author.post("/my-story/", {"key": f"wrong guess number {n} a b c d"})[0] for n in range(5)]
    assert guesses == [400, 400, 400, 400, 429]
    other = Probe(port, forwarded_for=OTHER_CLIENT)
    other.get("/my-story/")
    assert other.post("/my-story/", {"key": "wrong guess from someone else a b c"})[0] == 400

    member = Probe(port)
    member.get("/accounts/signup/")
    status, _headers, body = member.post("/accounts/signup/", {
        "username": "probe-member", "email": "probe-member@example.org", "password1": PASSWORD, "password2": PASSWORD,
    })
    assert status == 302, body[:2000]
    assert member.post("/accounts/logout/")[0] == 302
    assert sign_in(Probe(port), "probe-member", "not-the-password") == 200
    assert sign_in(Probe(port), "nobody-at-all", "not-the-password") == 200
    assert sign_in(member, "probe-member", PASSWORD) == 302

    moderator = Probe(port)
    assert sign_in(moderator, "probe-moderator", PASSWORD) == 302
    assert moderator.post("/accounts/2fa/authenticate/", {"code": "000000"})[0] == 200  # a failed second factor
    moderator.get("/accounts/2fa/authenticate/")
    assert moderator.post("/accounts/2fa/authenticate/", {"code": totp_code(stack["staff_secret"])})[0] == 302
    assert moderator.get("/moderation/")[0] == 200

    # Straight to gunicorn from an address that is not a trusted proxy, with a forged header.
    direct = Probe(port, forwarded_for=None, source=UNTRUSTED_PEER)
    for path in ("/", "/share/", "/accounts/login/"):
        direct.get(path)
    stranger = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(UNTRUSTED_PEER, 0))
    stranger.request("GET", "/", headers={"X-Forwarded-For": SPOOFED, "User-Agent": USER_AGENT})
    stranger.getresponse().read()
    stranger.close()
    malformed_request(port, UNTRUSTED_PEER)

    redis_client = stack["redis"]
    broker_before = redis_contents(redis_client, BROKER_DB)
    cache_before = redis_contents(redis_client, CACHE_DB)
    assert "moderation.screen_story" in broker_before, "the screening messages wait in the broker"
    assert cache_before.strip(), "the cache holds rate-limit counters and salts"

    # --- Phase 2: a real worker screens the stories; a moderator approves one; readers respond. ---
    stack["start_worker"]()
    wait_until(
        lambda: database("SELECT count(*) FROM stories_story WHERE status = 'in_review'")[0][0] == 2,
        timeout=60, interval=0.5, message="the worker to screen both stories",
    )
    ((public_id,),) = database("SELECT public_id FROM stories_story WHERE display_name = '' ORDER BY id LIMIT 1")
    assert moderator.get(f"/moderation/story/{public_id}/")[0] == 200
    assert moderator.post(f"/moderation/story/{public_id}/claim/")[0] == 302
    status, _headers, body = moderator.post(f"/moderation/story/{public_id}/decide/", {"version": "1", "action": "approve"})
    assert status == 302, body[:2000]
    assert database("SELECT status FROM stories_story WHERE public_id = %s", public_id) == [("published",)]

    reader = Probe(port)
    assert reader.get(f"/stories/{public_id}/")[0] == 200
    assert reader.post(f"/stories/{public_id}/believe/")[0] == 302
    assert reader.post(f"/stories/{public_id}/flag/", {"reason": "spam"})[0] == 302
    assert reader.get("/api/v1/counts")[0] == 200
    assert reader.get("/badge/metoo.svg")[0] in (200, 404)
    assert database("SELECT count(*) FROM moderation_flag")[0][0] == 1

    broker_after = redis_contents(redis_client, BROKER_DB)
    cache_after = redis_contents(redis_client, CACHE_DB)
    for process in reversed(stack["processes"]):
        stop(process)

    # --- Gather everything that was written. ---
    env = stack["env"]
    dump = subprocess.run(
        ["pg_dump", "--no-owner", env["DATABASE_URL"].replace("postgresql://", "postgres://")],
        capture_output=True, text=True, timeout=120,
    )
    assert dump.returncode == 0, dump.stderr
    logs = {label: path.read_text(errors="replace") for label, path in stack["files"].items()}
    monitor = logs.pop("redis-monitor")
    artifacts = {
        "pg_dump": dump.stdout,
        "redis cache (db 2) before the worker": cache_before,
        "redis broker (db 3) before the worker": broker_before,
        "redis cache (db 2) at the end": cache_after,
        "redis broker (db 3) at the end": broker_after,
        "every Redis command (MONITOR)": monitor + "\n" + decoded_bodies(monitor.replace('\\"', '"')),
        **{f"{label} output": text for label, text in logs.items()},
        **{f"manage.py {label} output": text for label, text in stack["outputs"].items()},
    }

    # Make sure there was something to search: the evidence is real, not empty.
    assert "probe-member" in dump.stdout and "It happened at work" in dump.stdout
    assert "POST /share/ HTTP/1.1" in logs["gunicorn"], "gunicorn wrote an access log"
    assert "Invalid request from ip=" in logs["gunicorn"], "gunicorn logged the broken request"
    assert "moderation.screen_story" in logs["worker"] and "succeeded" in logs["worker"]
    assert "LPUSH" in monitor.upper() and "moderation.screen_story" in artifacts["every Redis command (MONITOR)"]

    needles = [
        *address_needles(CLIENT), *address_needles(OTHER_CLIENT), *address_needles(UNTRUSTED_PEER),
        *address_needles(SPOOFED), "ChorusProbe", "unique-ua-7f3a",
        first_key, second_key, first_key.replace("-", " "),
    ]
    hits = []
    for where, text in artifacts.items():
        lowered = text.lower()
        for needle in needles:
            at = lowered.find(needle.lower())
            if at >= 0:
                hits.append(f"{needle!r} in {where}: …{text[max(0, at - 120): at + 120]!r}…")
    assert hits == [], "identifying data was written:\n" + "\n".join(hits)
