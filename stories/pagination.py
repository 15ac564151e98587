"""Cursor pagination for the stories list: newest first, stable under inserts, no OFFSET.

A cursor is the public id of the last story on a page: random, already
shown on that page, and carrying neither a time nor an internal id (issue
15, attack 5: a signed cursor decoded to the publication time to the
microsecond and the sequential id). The next page is "published strictly
before that story in (published_at, id) order", which the story_wall index
serves directly however deep the reader goes, and a story published
meanwhile never shifts the pages a reader is walking through.
"""

import re

from django.db.models import Q, QuerySet

from stories.models import Story

CURSOR = re.compile(r"[A-Za-z0-9_-]{1,16}")


class BadCursor(Exception):
    pass


def make_cursor(story: Story) -> str:
    return story.public_id


def read_cursor(cursor: str, *, using: str) -> Story:
    """Return the story a cursor points at (its position only; it may be hidden now), or raise BadCursor."""
    if not CURSOR.fullmatch(cursor):
        raise BadCursor
    story = Story.objects.using(using).filter(public_id=cursor).only("pk", "published_at").first()
    if story is None or story.published_at is None:
        raise BadCursor
    return story


def page_after(stories: QuerySet, cursor: str | None, *, size: int) -> tuple[list, str | None]:
    """Return one page of published stories after the cursor, and the next page's cursor."""
    stories = stories.order_by("-published_at", "-id")
    if cursor:
        last = read_cursor(cursor, using=stories.db)
        stories = stories.filter(Q(published_at__lt=last.published_at) | Q(published_at=last.published_at, id__lt=last.pk))
    page = list(stories[: size + 1])
    next_cursor = None
    if len(page) > size:
        page = page[:size]
        next_cursor = make_cursor(page[-1])
    return page, next_cursor
