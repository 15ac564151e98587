"""Render the queue page's rows: each row's HTML is a pure function of what it shows, rendered once per process.

A page lists 25 stories; rendering each through the template engine cost most
of the page's CPU. A row's HTML depends only on the values in its QueueRow
(the story, its review, what this moderator sees of the hold, the language),
so the finished HTML is kept in a per-process LRU keyed by the whole QueueRow:
nothing to invalidate, and a row built for one moderator can only be served to
another whose row has the very same values (who holds it and whether that is
someone else are among them). The "waiting" time changes every minute, so it
is left out of the row and put into the finished HTML at each page.

Nothing here reaches a shared cache: the fragments live in the worker's
memory only, and the page itself stays never_cache (moderation/views.py).
"""

import datetime
import re
import secrets
from functools import lru_cache
from typing import NamedTuple

from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language

from moderation.models import Flag, Lane

# Unguessable, so no story text, reason or hashtag can contain it.
_WAITING_MARK = f"waiting-{secrets.token_hex(16)}"


class QueueRow(NamedTuple):
    """Every value one row of the queue shows (hashable: it is the fragment's cache key)."""

    public_id: str
    priority: str
    selectable: bool  # a checkbox for the bulk tools (the spam bin)
    in_spam: bool
    in_flagged: bool
    escalated: bool
    crisis: bool
    crisis_help_shown: bool
    screening_failed: bool
    content_warning: bool
    is_hidden: bool
    flag_count: int
    flag_reasons: tuple  # ((reason code, n), ...)
    spam_reasons: tuple  # (reason, ...)
    duplicate_of: str
    hashtag: str
    language: str
    text: str
    held_by: str  # the username of another moderator holding it now; "" when free or held by the viewer


def row_for(review, *, viewer_id: int, page_lane: str, now, flag_reasons=(), spam_reasons=(), duplicate_of: str = "") -> QueueRow:
    """Collect what one row shows (review: a queue.Listed), for this moderator (their id) at this moment."""
    held_by_other = review.is_claimed_by_other(viewer_id, now)
    return QueueRow(
        public_id=review.public_id,
        priority=review.priority,
        selectable=page_lane == Lane.SPAM and review.lane == Lane.SPAM,
        in_spam=review.lane == Lane.SPAM,
        in_flagged=review.lane == Lane.FLAGGED,
        escalated=review.escalated,
        crisis=review.crisis,
        crisis_help_shown=review.crisis_help_shown,
        screening_failed=review.screening_failed,
        content_warning=bool(review.content_warning),
        is_hidden=review.is_hidden,
        flag_count=review.flag_count,
        flag_reasons=tuple(flag_reasons),
        spam_reasons=tuple(spam_reasons),
        duplicate_of=duplicate_of,
        hashtag=review.hashtag,
        language=review.language,
        text=review.text,
        held_by=(review.claimed_by_name or "") if held_by_other else "",
    )


_LISTED_KEPT = 2048
# (language, what the viewer sees of it, the Listed row) -> row_for's fragments, in UTF-8
_listed_html: dict[tuple, tuple[bytes, bytes]] = {}


def render_listed(
    listed, *, viewer_id: int, page_lane: str, now, flag_reasons: dict, spam_reasons: dict, duplicates: dict, language: str | None = None,
) -> str:
    """The finished HTML of the listed rows (queue.Listed) for this moderator now, in the active language.

    The same as render_rows() of their row_for(): see listed_utf8(), whose bytes these are.
    """
    html = listed_utf8(
        listed, viewer_id=viewer_id, page_lane=page_lane, now=now, flag_reasons=flag_reasons, spam_reasons=spam_reasons,
        duplicates=duplicates, language=language,
    )
    return mark_safe(html.decode())  # noqa: S308 -- rendered by the row template, which escaped every value


def listed_utf8(
    listed, *, viewer_id: int, page_lane: str, now, flag_reasons: dict, spam_reasons: dict, duplicates: dict, language: str | None = None,
) -> bytes:
    """render_listed()'s HTML encoded in UTF-8, as the queue page sends it (its skeleton is kept encoded too).

    A row's fragments are kept by the Listed row itself with the few values it shows beside it (who else
    holds it now, the page's lane, its flags, its spam evidence), which together decide every value of its
    QueueRow, so a kept row needs no QueueRow built again; they are kept encoded, so that a page is joined
    from bytes and not encoded again on every request (its rows are nine tenths of it).
    language: the active one (get_language()), when the caller has it already.
    """
    language = (get_language() if language is None else language) or ""
    page_is_spam = page_lane == Lane.SPAM
    html = []
    for review in listed:
        story_id = review.story_id
        flags = tuple(sorted(flag_reasons[story_id].items())) if story_id in flag_reasons else ()
        spam, duplicate_of = tuple(spam_reasons.get(story_id, ())), duplicates.get(story_id, "")
        held_by = (review.claimed_by_name or "") if review.is_claimed_by_other(viewer_id, now) else ""
        key = (language, page_is_spam, held_by, flags, spam, duplicate_of, review)
        pieces = _listed_html.get(key)
        if pieces is None:
            row = row_for(review, viewer_id=viewer_id, page_lane=page_lane, now=now, flag_reasons=flags, spam_reasons=spam, duplicate_of=duplicate_of)
            before, after = _render_row(language, row)
            pieces = (before.encode(), after.encode())
            if len(_listed_html) >= _LISTED_KEPT:
                _listed_html.clear()
            _listed_html[key] = pieces
        before, after = pieces
        html.append(before + _waiting_utf8(language, max(int((now - review.entered_queue_at).total_seconds() // 60), 0)) + after)
    return b"\n".join(html)


def forget_rows() -> None:
    """Forget every kept row (tests)."""
    _listed_html.clear()
    _render_row.cache_clear()


def render_rows(rows_and_times, now: datetime.datetime) -> str:
    """The finished HTML of the listed (row, entered_queue_at), in the active language."""
    language = get_language() or ""
    html = []
    for row, entered in rows_and_times:
        before, after = _render_row(language, row)
        html.append(before + _waiting_html(language, max(int((now - entered).total_seconds() // 60), 0)) + after)
    return mark_safe("\n".join(html))  # noqa: S308 -- rendered by the row template, which escaped every value


@lru_cache(maxsize=2048)
def _render_row(language: str, row: QueueRow) -> tuple[str, str]:
    """Render one row (in `language`, the active one: it is part of the key) around the waiting time's place."""
    html = without_indentation(get_template("moderation/queue_item.html").render(_row_context(row)))
    before, after = html.split(_WAITING_MARK, 1)
    return before, after


def _row_context(row: QueueRow) -> dict:
    links = _links()
    labels = dict(Flag.Reason.choices)
    return {
        "row": row,
        "waiting": _WAITING_MARK,
        "claim_url": links["moderation_claim"].replace("PUBLICID", row.public_id),
        "restore_url": links["moderation_restore"].replace("PUBLICID", row.public_id),
        "duplicate_url": links["moderation_review"].replace("PUBLICID", row.duplicate_of) if row.duplicate_of else "",
        "flag_reasons": [(labels.get(reason, reason), n) for reason, n in row.flag_reasons],
    }


# A run of spaces and line breaks between two tags that holds a line break: the template's indentation and
# the lines of its {% if %}s that showed nothing (a sixth of every row's bytes). It reads as one line break:
# nothing in a row keeps white space as it is (no <pre>, no textarea, no white-space: pre),
# and a story's text, escaped, holds no "<".
_INDENTATION = re.compile(r">[ \t]*\n\s*<")


def without_indentation(html: str) -> str:
    """The HTML with each run of white space between two tags that holds a line break written as one line break."""
    return _INDENTATION.sub(">\n<", html)


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    return {name: reverse(name, args=["PUBLICID"]) for name in ("moderation_claim", "moderation_restore", "moderation_review")}


# A fixed reference moment: timesince shows whole minutes at most, so the same minutes read the same
# (beyond a month, its calendar months are counted back from this date rather than from today).
_REFERENCE = datetime.datetime(2001, 3, 1, tzinfo=datetime.UTC)


def waited(entered: datetime.datetime, now: datetime.datetime, *, language: str | None = None) -> str:
    """How long since `entered`, as the timesince filter says it, in the active language (`language`, when the caller has it)."""
    return _waiting((get_language() if language is None else language) or "", entered, now)


def _waiting(language: str, entered: datetime.datetime, now: datetime.datetime) -> str:
    return _waiting_minutes(language, max(int((now - entered).total_seconds() // 60), 0))


@lru_cache(maxsize=4096)
def _waiting_html(language: str, minutes: int) -> str:
    return escape(_waiting_minutes(language, minutes))


@lru_cache(maxsize=4096)
def _waiting_utf8(language: str, minutes: int) -> bytes:
    return _waiting_html(language, minutes).encode()


@lru_cache(maxsize=4096)
def _waiting_minutes(language: str, minutes: int) -> str:
    """How long a story has waited, in the active language (`language` is part of the key)."""
    return timesince(_REFERENCE - datetime.timedelta(minutes=minutes), _REFERENCE)


_SUMMARY_VARIANTS = 256
_summaries: dict[tuple, str] = {}


def summary_html(*, lane: str, lanes: dict, oldest_waited: dict[str, str], with_appeals: bool, language: str | None = None) -> str:
    """The "Waiting now" table, rendered once per process for each language, lane and set of numbers it shows.

    Its key is every value the table shows (the counts, the waiting times as they read, whether the
    appeals row is there), so a kept table can only be served where it reads exactly the same.
    """
    by_priority = tuple((name, tuple(pairs)) for name, pairs in sorted(lanes["by_priority"].items()))
    counts = tuple((name, lanes.get(name)) for name in ("queue", "flagged", "spam", "appeals" if with_appeals else ""))
    key = ((get_language() if language is None else language) or "", lane, with_appeals, counts, by_priority, tuple(sorted(oldest_waited.items())))
    html = _summaries.get(key)
    if html is None:
        context = {"lane": lane, "lanes": lanes, "oldest_waited": oldest_waited, "with_appeals": with_appeals}
        html = get_template("moderation/queue_summary.html").render(context)
        if len(_summaries) >= _SUMMARY_VARIANTS:
            _summaries.clear()
        _summaries[key] = html
    return html  # the template engine's SafeString, kept as it is
