"""Finished responses of the public wall for anonymous readers, served before the rest of the stack.

A news front page links to the wall and a million people read it: the same
bytes for each of them. This middleware keeps the finished response (body
and headers, CSP and the other security headers included) of an anonymous
GET or HEAD of a wall page for ANONYMOUS_CACHE_SECONDS, in this process's
memory and in the shared cache (so one gunicorn process renders a page and
the others take its bytes), and answers the next anonymous reader from it
without running the middleware below it, the view or the templates. The rules follow
Discourse's anonymous cache (lib/middleware/anonymous_cache.rb):

- Only GET and HEAD of the wall's paths (WALL_PATHS), only from a visitor
  who carries no session cookie, no pending message (BYPASS_COOKIES) and no
  Authorization header. Such a visitor is neither served from nor stored into
  the cache: a signed-in visitor or staff member always has a session.
- Only a 200 whose response holds nothing of one visitor: no Set-Cookie,
  no CSRF token rendered into it (Django marks the request when a token is
  made; the flood check's widget fetches its challenge, so its pages qualify), no message consumed, no session written, nothing private/no-store.
- The key is what really varies: scheme, host (validated by ALLOWED_HOSTS
  first), the language Django would choose (cookie, then Accept-Language),
  path and query string.

Each page is rendered once for all processes, not once in each: in the last quarter of an
entry's life, the first GET in any process that wins a flag in the shared cache (one per entry)
renders the page again and shares it, while every other request, in every process, is still
answered from the entry that has not expired yet; when it does, they take the new one from the
shared cache. Without this, all processes' copies of a page expired at the same instant (they
are one shared entry) and every process rendered it at once: all gunicorn workers busy for the
length of a render, every second, the wall's p99 (bench/NOTES.md). If the render is not done in
time, a process that finds no fresh entry renders it itself, as before.

The bytes are at most ANONYMOUS_CACHE_SECONDS old; the numbers in them come
from the wall snapshot, at most WALL_CACHE_SECONDS old, so a tap shows on
the wall within WALL_CACHE_SECONDS + ANONYMOUS_CACHE_SECONDS.

A page that is cacheable here is the same for every anonymous reader, so it
also says so to shared caches (nginx, a CDN): `Cache-Control: public,
max-age=0, s-maxage=N`. Browsers revalidate (so the flash message after a
tap, carried in a cookie, is never hidden by a browser's copy); proxies
keep it N seconds. nginx is told the same in `X-Accel-Expires`, and
deploy/nginx/ caches nothing that does not carry it. See docs/deploy.md.
"""

import hashlib
import math
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_request

# The anonymous wall: home, campaign pages, the stories list and a story, the badge, open data.
WALL_PATHS = re.compile(
    r"^/(?:"
    r"|c/[-a-zA-Z0-9_]+/"
    r"|stories/"
    r"|stories/[A-Za-z0-9_-]{1,16}/"
    r"|badge/[-a-zA-Z0-9_]+\.svg"
    r"|api/v1/[-a-z0-9_.]+"
    r")$"
)
# Cookies whose presence still changes a wall page for that browser: the flash message after a
# tap ("You are counted"). Such a browser is served fresh, never stored. The browser's memory of
# where it was counted or what it believed (counted, believed, flagged) changes no wall page: it
# is read only when it posts (docs/threat-model.md, "The device").
BYPASS_COOKIES = ("messages",)
MAX_ENTRIES = 2000
REFRESH_AHEAD = 0.25  # the share of an entry's life, at its end, in which one request renders its successor
MAX_BODY_BYTES = 1024 * 1024
CACHE_STATUS_HEADER = "X-Anonymous-Cache"

# Wall-clock time, as entries are shared between processes through the cache; tests move it.
clock = time.time


@dataclass(frozen=True)
class Entry:
    stored_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class FinishedResponses:
    """A small LRU of finished responses, safe for gunicorn's threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, max_age: float) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            if clock() - entry.stored_at >= max_age:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


responses = FinishedResponses()


def _shared_key(key: tuple) -> str:
    return "anonymous-page:" + hashlib.sha256(repr(key).encode()).hexdigest()


def shared_get(key: tuple, max_age: float) -> Entry | None:
    """Return the entry another process of this site stored (Django's cache, Redis in production)."""
    try:
        entry = cache.get(_shared_key(key))
    except Exception:  # noqa: BLE001 -- a cache that is down only means rendering the page
        return None
    if not isinstance(entry, Entry) or clock() - entry.stored_at >= max_age:
        return None
    return entry


def shared_put(key: tuple, entry: Entry, seconds: int) -> None:
    try:
        cache.set(_shared_key(key), entry, seconds)
    except Exception:  # noqa: BLE001, S110 -- the same
        pass


# key -> stored_at of the entry this process already asked to refresh (a process asks once per entry).
_refresh_asked: dict[tuple, float] = {}


def refresh_falls_to_this_request(key: tuple, entry: Entry, seconds: float) -> bool:
    """Return whether this request renders the page's next entry now, ahead of the current one's expiry.

    Only in the last REFRESH_AHEAD of the entry's life, once per process and entry, and only for
    the one request of all processes that adds the entry's refresh flag to the shared cache.
    """
    if clock() - entry.stored_at < seconds * (1 - REFRESH_AHEAD) or _refresh_asked.get(key) == entry.stored_at:
        return False
    if len(_refresh_asked) >= MAX_ENTRIES:
        _refresh_asked.clear()
    _refresh_asked[key] = entry.stored_at
    try:
        return bool(cache.add(f"{_shared_key(key)}:refresh:{entry.stored_at!r}", 1, max(1, math.ceil(seconds))))
    except Exception:  # noqa: BLE001 -- a cache that is down: each process renders at expiry, as before
        return False


def _cookie_names() -> tuple[str, ...]:
    names = {settings.SESSION_COOKIE_NAME}
    for name in BYPASS_COOKIES:
        names.update((name, f"__Host-{name}"))
    return tuple(names)


def cache_key(request) -> tuple | None:
    """Return the key of this request's finished response, or None when it must not be cached."""
    if request.method not in ("GET", "HEAD") or not WALL_PATHS.match(request.path_info):
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    cookies = request.COOKIES
    if cookies and any(cookies.get(name) for name in _cookie_names()):
        return None  # (an emptied cookie, the remains of a deletion, is no session and no message)
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers 400
    language = get_language_from_request(request)
    return (request.scheme, host, language, request.path, request.META.get("QUERY_STRING", ""))


def holds_nothing_of_one_visitor(request, response) -> bool:
    """Return whether this response may be shown to any other anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a CSRF token was rendered: it belongs to this browser
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or getattr(messages, "_queued_messages", None)):
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return len(response.content) <= MAX_BODY_BYTES


def from_entry(entry: Entry, *, head: bool) -> HttpResponse:
    response = HttpResponse(b"" if head else entry.body, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    response.headers["Age"] = str(int(clock() - entry.stored_at))
    response.headers[CACHE_STATUS_HEADER] = "hit"
    return response


class AnonymousCacheMiddleware:
    """Serve anonymous readers of the wall from finished responses (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ANONYMOUS_CACHE_SECONDS
        key = cache_key(request) if seconds > 0 else None
        if key is None:
            return self.get_response(request)
        entry = responses.get(key, seconds)
        if entry is None:
            # Another gunicorn process (or machine) may have rendered it this second already.
            entry = shared_get(key, seconds)
            if entry is not None:
                responses.put(key, entry)
        if entry is not None and not (request.method == "GET" and refresh_falls_to_this_request(key, entry, seconds)):
            return from_entry(entry, head=request.method == "HEAD")
        response = self.get_response(request)
        if holds_nothing_of_one_visitor(request, response):
            if "Cache-Control" not in response:
                patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            # What nginx may keep, and for how long: exactly what is kept here (deploy/nginx/).
            # nginx obeys it before Cache-Control and never passes it on to the browser.
            response.headers["X-Accel-Expires"] = str(seconds)
            headers = tuple((name, value) for name, value in response.headers.items() if name.lower() != "content-length")
            if request.method == "GET":
                entry = Entry(clock(), response.status_code, (*headers, ("Content-Length", str(len(response.content)))), response.content)
                responses.put(key, entry)
                shared_put(key, entry, seconds)
            response.headers[CACHE_STATUS_HEADER] = "miss"
        return response
