"""A real nginx (deploy/nginx/) in front of a real gunicorn: the anonymous wall is micro-cached, nothing else.

gunicorn serves the production settings from a migrated SQLite file of its own; nginx runs the
project's own chorus-maps.conf and chorus-locations.conf, inside a small nginx.conf that only
sets ports and temporary paths. Skipped when nginx is not installed, unless
CHORUS_REQUIRE_BROWSER=1 (CI), which also requires nginx (.ci/run installs nginx-light).
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.processes import REPO, Gunicorn, Process, free_port, port_open
from tests.waiting import wait_until

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY = REPO / "deploy" / "nginx"
MEMBER, PASSWORD = "reader-with-account", "a-long-test-password-9"


def _nginx_conf(root: Path, *, port: int, upstream_port: int) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream chorus_web {{ server 127.0.0.1:{upstream_port}; keepalive 8; }}
    proxy_cache_path {root}/cache levels=1:2 keys_zone=chorus_wall:1m max_size=16m inactive=60s use_temp_path=off;
    include {DEPLOY}/chorus-maps.conf;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        include {DEPLOY}/chorus-locations.conf;
    }}
}}
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if not os.access(NGINX, os.X_OK):
        if os.environ.get("CHORUS_REQUIRE_BROWSER") == "1":
            pytest.fail("CHORUS_REQUIRE_BROWSER=1 but nginx is missing (apt-get install nginx-light)", pytrace=False)
        pytest.skip("nginx is not installed (apt-get install nginx-light); CI runs this test")
    root = tmp_path_factory.mktemp("nginx")
    env = {
        key: value for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_DEBUG")
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "tests.reliability.server_settings",
        "SQLITE_PATH": str(root / "chorus.sqlite3"),
        "SECRET_KEY": "nginx-test-" + "x" * 40,
        "CHORUS_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXIES": "127.0.0.1",
        "ANONYMOUS_CACHE_SECONDS": "30",  # long enough that a slow CI machine never sees an entry expire mid-test
        "GUNICORN_ACCESSLOG": "",
    })
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True, timeout=180)
    story = subprocess.run([*manage, "shell", "-c", (
        "from django.utils import timezone; from accounts.models import User; "
        "from stories.models import Campaign, Status, Story; "
        f"User.objects.create_user(username={MEMBER!r}, password={PASSWORD!r}); "
        "print(Story.objects.create(campaign=Campaign.objects.get(slug='metoo'), text='It happened at work.', "
        "status=Status.PUBLISHED, published_at=timezone.now()).public_id)"
    )], cwd=REPO, env=env, check=True, timeout=60, capture_output=True, text=True).stdout.split()[-1]
    upstream_port, port = free_port(), free_port()
    gunicorn = Gunicorn(port=upstream_port, env=env, log=root / "gunicorn.log", workers=1, threads=4).start(timeout=60)
    (root / "nginx.conf").write_text(_nginx_conf(root, port=port, upstream_port=upstream_port))
    nginx = Process([NGINX, "-c", str(root / "nginx.conf"), "-p", str(root)], env=dict(os.environ), log=root / "nginx.out")
    nginx.start()
    try:
        def listening():
            assert nginx.popen.poll() is None, (root / "nginx.out").read_text() + (root / "error.log").read_text()
            return port_open(port)

        wait_until(listening, timeout=15, message="nginx to listen")
        yield {"port": port, "cache": root / "cache", "log": root / "error.log", "story": f"/stories/{story}/"}
    finally:
        nginx.stop()
        gunicorn.stop()


class Answer:
    def __init__(self, response, body: bytes):
        self.status = response.status
        self.headers = {name.lower(): value for name, value in response.getheaders()}
        self.cookies = response.headers.get_all("Set-Cookie") or []
        self.body = body.decode("utf-8", "replace")

    @property
    def cache(self) -> str:
        return self.headers.get("x-cache-status", "")


def request(stack, method: str, path: str, *, cookies: str = "", body: str | None = None, headers: dict | None = None) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", stack["port"], timeout=30)
    sent = {"Host": f"localhost:{stack['port']}", **(headers or {})}
    if cookies:
        sent["Cookie"] = cookies
    if body is not None:
        sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://localhost:{stack['port']}"})
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return Answer(response, response.read())
    finally:
        connection.close()


def cookie_header(answer: Answer) -> str:
    return "; ".join(cookie.split(";", 1)[0] for cookie in answer.cookies)


@pytest.mark.parametrize("path", ["/", "/c/metoo/", "/stories/", "/api/v1/counts", "/badge/metoo.svg"])
def test_repeated_anonymous_wall_requests_are_hits(stack, path):
    request(stack, "GET", path)
    again = request(stack, "GET", path)
    assert again.status == 200
    assert again.cache == "HIT"
    assert not again.cookies
    assert "x-accel-expires" not in again.headers  # nginx's own instruction, never passed on
    assert "content-security-policy" in again.headers or path.startswith("/api/")


def test_posts_are_never_cached(stack):
    for _ in range(2):
        tap = request(stack, "POST", "/c/metoo/metoo/", body="kind=")
        assert tap.status == 302
        assert tap.cache != "HIT"
    assert request(stack, "POST", "/", body="x=1").cache not in ("HIT", "MISS")


def test_a_visitor_with_a_message_waiting_is_never_served_from_the_cache(stack):
    request(stack, "GET", "/c/metoo/")
    tapped = request(stack, "POST", "/c/metoo/metoo/", body="kind=")
    page = request(stack, "GET", "/c/metoo/", cookies=cookie_header(tapped))
    assert page.cache == "BYPASS"
    assert "You are counted" in page.body
    other = request(stack, "GET", "/c/metoo/")
    assert "You are counted" not in other.body


def test_signed_in_pages_are_never_cached(stack):
    login_page = request(stack, "GET", "/accounts/login/")
    assert login_page.cache == ""  # not a wall location: straight to gunicorn
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.body).group(1)
    signed_in = request(stack, "POST", "/accounts/login/", cookies=cookie_header(login_page),
                        body=f"csrfmiddlewaretoken={token}&login={MEMBER}&password={PASSWORD}")
    assert signed_in.status == 302
    session = cookie_header(signed_in)
    assert "session=" in session
    request(stack, "GET", "/")  # an anonymous copy is in the cache
    for _ in range(2):
        page = request(stack, "GET", "/", cookies=session)
        assert page.cache == "BYPASS"
        assert "Sign in" not in page.body
    assert "Sign in" in request(stack, "GET", "/").body


def test_no_set_cookie_is_ever_stored(stack):
    # Pages that set a cookie: a story's (its flag form's CSRF token) is a wall location, the others not.
    for path in (stack["story"], "/share/", "/accounts/login/"):
        first, second = request(stack, "GET", path), request(stack, "GET", path)
        assert first.status == second.status == 200
        assert first.cookies and second.cookies and first.cookies != second.cookies
        assert second.cache != "HIT"
    french = request(stack, "POST", "/i18n/setlang/", body="language=fr&next=/")
    assert french.status == 302 and french.cookies
    for entry in stack["cache"].rglob("*"):
        if entry.is_file():
            assert b"set-cookie" not in entry.read_bytes().lower(), entry


def test_languages_are_cached_apart(stack):
    english = request(stack, "GET", "/stories/", headers={"Accept-Language": "en"})
    french = request(stack, "GET", "/stories/", headers={"Accept-Language": "fr"})
    french_again = request(stack, "GET", "/stories/", headers={"Accept-Language": "fr"})
    assert english.headers["content-language"] == "en"
    assert french.headers["content-language"] == french_again.headers["content-language"] == "fr"
    assert french_again.cache == "HIT"
