"""The queue page from a skeleton rendered once per process for each shape, with the per-request parts spliced in.

Rendering moderation/queue.html through the template engine (base.html, the
moderation layout, the page) cost a third of the queue page's CPU, though all
but a few of its bytes are the same for every request of the same *shape*: the
language, the lane and filters, the moderator's wellbeing settings and
permissions, and the yes/no of a few notices. So the page is rendered once per
shape with a mark in place of each per-request part, and every request of
that shape joins the skeleton's pieces with its own parts:

- the rows, the flagged rows on top and the "Waiting now" table (finished HTML
  from moderation/queue_rows.py, the rows already in UTF-8) and the Undo offer
  (finished HTML from the view);
- the "You decided n stories today" sentence, the pager's query strings, this
  request's path (the language form's `next`) and the CSRF token, escaped
  exactly as the template escapes them.

Whether each part is empty is part of the shape (the template shows or drops
whole sections on it), so a mark only ever stands where the template itself
puts the value. Nothing the skeleton holds is about a story or a moderator
beyond the shape's own values: it lives in this process's memory only, and
the page stays never_cache. A page with a message waiting is rendered in full.
A test holds the spliced page to the template's own output, byte for byte.
"""

import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.html import conditional_escape
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts import staff_pass
from config.csrf_tokens import masked_csrf_token

TEMPLATE = "moderation/queue.html"
# The per-request parts: finished HTML (str, or bytes in UTF-8) or plain text, each shown by the template as {{ name }}.
SPLICED = ("done_sentence", "summary_html", "undo_html", "flagged_top_html", "rows_html", "base_query", "next_query")
_CSRF, _PATH = "csrf_token", "request_path"
# Letters and digits only: escaping and URL-quoting leave a mark as it is.
_MARK_PREFIX = f"qmark{secrets.token_hex(12)}"
_MARKS = {name: f"{_MARK_PREFIX}{index}x" for index, name in enumerate((*SPLICED, _CSRF, _PATH))}
_BY_MARK = {mark: name for name, mark in _MARKS.items()}
_SPLIT = re.compile(f"({_MARK_PREFIX}\\d+x)")

MAX_SKELETONS = 256  # shapes per process: languages × lanes × filters × settings × notices
_skeletons: dict[tuple, list[str] | None] = {}


@receiver(setting_changed, dispatch_uid="moderation.queue_skeleton.forget")
def forget_skeletons(**kwargs) -> None:
    """Forget the rendered skeletons (a setting the layout reads may have changed: tests)."""
    _skeletons.clear()


class _PathMark:
    """Stands in for the request in the skeleton's context: the layout reads only its path."""

    def get_full_path(self) -> str:
        return _MARKS[_PATH]


# The moderation menu shows a link for each of these (templates/moderation/base_moderation.html).
MENU_PERMISSIONS = ("accounts.review_appeals", "accounts.view_audit_log", "accounts.view_metrics")


def _shape_key(request, shape: dict, spliced: dict) -> tuple:
    user = request.user
    kept = staff_pass.load(user)  # this request's pass (the guard loaded it): what user.has_perm answers from
    return (
        get_language(),
        tuple((name, _hashable(value)) for name, value in shape.items()),
        tuple(bool(spliced[name]) for name in SPLICED),
        user.is_staff,
        tuple(kept["superuser"] or permission in kept["perms"] for permission in MENU_PERMISSIONS),
    )


def _hashable(value):
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


def _skeleton(request, key: tuple, shape: dict, static, spliced: dict) -> list | None:
    """The skeleton's pieces: literal text in UTF-8 at even places, the name of a part at odd places; None if a mark was altered."""
    if key in _skeletons:
        return _skeletons[key]
    marked = {name: (_MARKS[name] if spliced[name] else spliced[name]) for name in SPLICED}  # escaping leaves a mark as it is
    html = render_to_string(
        TEMPLATE, {**shape, **static(), **marked, _CSRF: _MARKS[_CSRF], "request": _PathMark()}, request=request,
    )
    pieces = _SPLIT.split(html)
    if any(_MARK_PREFIX in piece for piece in pieces[0::2]) or any(mark not in _BY_MARK for mark in pieces[1::2]):
        pieces = None  # a filter changed a mark on its way (a part not shown as {{ name }}): render in full
    else:
        pieces[1::2] = [_BY_MARK[mark] for mark in pieces[1::2]]
        pieces[0::2] = [piece.encode() for piece in pieces[0::2]]
    if len(_skeletons) >= MAX_SKELETONS:
        _skeletons.clear()
    _skeletons[key] = pieces
    return pieces


def _csrf_cookie_unchanged(request) -> bool:
    """Whether the CSRF cookie the browser sent is the request's secret, as a cookie without an expiry."""
    secret = request.META.get("CSRF_COOKIE")
    return (
        settings.CSRF_COOKIE_AGE is None and not settings.CSRF_USE_SESSIONS
        and secret is not None and request.COOKIES.get(settings.CSRF_COOKIE_NAME) == secret
    )


def render_queue(request, *, shape: dict, static, spliced: dict, status: int = 200) -> HttpResponse:
    """Answer with moderation/queue.html for this context: shape (hashable values that decide the page's
    structure), static() (what is the same for every request in a language: asked only to render) and
    spliced (the per-request parts, SPLICED)."""
    pieces = None
    if len(messages.get_messages(request)) == 0:  # counts them without marking them shown
        pieces = _skeleton(request, _shape_key(request, shape, spliced), shape, static, spliced)
    if pieces is None:
        shown = {name: mark_safe(value.decode()) if isinstance(value, bytes) else value for name, value in spliced.items()}  # noqa: S308 -- finished HTML
        return render(request, TEMPLATE, {**shape, **static(), **shown}, status=status)
    values = {**spliced, _CSRF: masked_csrf_token(request), _PATH: request.get_full_path()}
    if _csrf_cookie_unchanged(request):
        # Django sends the CSRF cookie again with every page that uses it, to renew its expiry; this one has
        # none (CSRF_COOKIE_AGE = None: it ends with the browser), and the browser sent the very same value.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
    html = b"".join(piece if place % 2 == 0 else _utf8(values[piece]) for place, piece in enumerate(pieces))
    return HttpResponse(html, status=status)


def _utf8(value) -> bytes:
    """A part as the template shows {{ value }}, in UTF-8: bytes are finished HTML already; anything else is escaped."""
    return value if isinstance(value, bytes) else conditional_escape(value).encode()


def _never_cache_control() -> str:
    """The Cache-Control header add_never_cache_headers gives a response that had none."""
    response = HttpResponse()
    add_never_cache_headers(response)
    return response.headers["Cache-Control"]


_NEVER_CACHE_CONTROL = _never_cache_control()


def never_cached(view):
    """Django's never_cache, with the headers of a response that has none written at once.

    add_never_cache_headers parses and writes Cache-Control twice (a response with its headers cost
    21-24 µs that way, 12-14 µs this way, measured alone); a response without Cache-Control or Expires
    gets the very same two headers here: Expires now, and the Cache-Control that function writes. Any
    other response goes through it.
    """

    @wraps(view)
    def never_cached_view(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        headers = response.headers
        if "Cache-Control" in headers or "Expires" in headers:
            add_never_cache_headers(response)
        else:
            headers["Expires"] = http_date()
            headers["Cache-Control"] = _NEVER_CACHE_CONTROL
        return response

    return never_cached_view
