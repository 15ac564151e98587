"""Cursor pagination for the stories list: newest first, stable under inserts, no OFFSET.

A cursor is the (published_at, id) of the last story on a page, signed so
that nobody can hand-craft one. The next page is "published strictly before
that story in (published_at, id) order", which the story_wall index serves
directly however deep the reader goes, and a story published meanwhile
never shifts the pages a reader is walking through.
"""

import datetime

from django.core import signing
from django.db.models import Q, QuerySet

CURSOR_SALT = "chorus.stories-cursor"


class BadCursor(Exception):
    pass


def make_cursor(published_at: datetime.datetime, story_id: int) -> str:
    return signing.dumps([published_at.isoformat(), story_id], salt=CURSOR_SALT, compress=True)


def read_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    """Return the position a cursor points at, or raise BadCursor."""
    try:
        published_at, story_id = signing.loads(cursor, salt=CURSOR_SALT)
        moment = datetime.datetime.fromisoformat(published_at)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor from error
    if moment.tzinfo is None or not isinstance(story_id, int):
        raise BadCursor
    return moment, story_id


def page_after(stories: QuerySet, cursor: str | None, *, size: int) -> tuple[list, str | None]:
    """Return one page of published stories after the cursor, and the next page's cursor."""
    stories = stories.order_by("-published_at", "-id")
    if cursor:
        published_at, story_id = read_cursor(cursor)
        stories = stories.filter(Q(published_at__lt=published_at) | Q(published_at=published_at, id__lt=story_id))
    page = list(stories[: size + 1])
    next_cursor = None
    if len(page) > size:
        page = page[:size]
        last = page[-1]
        next_cursor = make_cursor(last.published_at, last.pk)
    return page, next_cursor
