"""Read-side helpers for the moderation pages: lanes, ordering, highlights, metrics."""

import datetime
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import staff_pass
from config import prepared_statements
from moderation.models import Appeal, Decision, Flag, Lane, ModeratorSettings, Priority, Review, Signal
from moderation.services import flags
from stories.choices import Status

PAGE_SIZE = 25  # keyset pages: "More" goes on; a short page renders fast
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

SIGNAL_LABELS = {
    "phone": _("Phone number"),
    "email": _("E-mail address"),
    "handle": _("Social handle"),
    "url": _("Link"),
    "address": _("Street address"),
    "id_number": _("ID or case number"),
    "person_name": _("Possible name of a private person"),
    "crisis": _("Crisis language"),
    "abuse": _("Abuse aimed at survivors"),
    "spam": _("Spam"),
    "duplicate": _("Duplicate"),
    "flood": _("Flood"),
}

LANE_FILTERS = {
    Lane.QUEUE: Q(lane=Lane.QUEUE, story__status=Status.IN_REVIEW),
    Lane.SPAM: Q(lane=Lane.SPAM, story__status=Status.IN_REVIEW),
    Lane.FLAGGED: Q(lane=Lane.FLAGGED, story__status__in=[Status.PUBLISHED, Status.IN_REVIEW]),
}


def lane_counts(*, with_appeals: bool = True) -> dict:
    """Count each lane, each lane's priorities, its oldest waiting story, and the open appeals: two queries.

    Decided stories (the great majority) are never read: the partial index on
    the open lanes holds only the waiting ones.
    """
    counts = dict.fromkeys(LANE_FILTERS, 0)
    by_priority = {lane: {} for lane in LANE_FILTERS}
    oldest = {}
    # Counted on the reviews alone (an index-only scan), never joined to the stories: a review
    # leaves the open lanes whenever its story is decided, withdrawn or purged (services).
    rows = (
        Review.objects.filter(lane__in=list(LANE_FILTERS))
        .values_list("lane", "priority").annotate(n=Count("id"), oldest=Min("entered_queue_at")).order_by()
    )
    for lane, priority, n, first in rows:
        counts[lane] += n
        by_priority[lane][priority] = n
        if lane not in oldest or first < oldest[lane]:
            oldest[lane] = first
    counts["by_priority"] = {lane: [(p, by_priority[lane][p]) for p in Priority.values if p in by_priority[lane]] for lane in LANE_FILTERS}
    counts["oldest"] = oldest
    if with_appeals:
        counts["appeals"] = Appeal.objects.pending().count()
    return counts


LANE_COUNTS_SECONDS = 5  # how old the queue page's counts may be: counting 10,000 waiting stories costs ~7 ms of PostgreSQL
_LANE_COUNTS_KEY = "moderation:lane-counts"
_kept_counts: tuple[float, dict] | None = None  # (when counted, the counts): this process's copy of the shared one


def lane_counts_shown(*, with_appeals: bool) -> dict:
    """The lane counts for the queue page: lane_counts(), at most LANE_COUNTS_SECONDS old, shared by every moderator.

    Counted by one process and shared through the cache with the moment they were counted;
    each process keeps its copy until LANE_COUNTS_SECONDS after that moment (so the copy is
    no older than the shared one may be, and most pages ask the cache nothing). Only numbers
    and times are kept, never a story; the open appeals are counted (fresh) only for the
    seniors who see them. Without the cache, counted by each process.
    """
    global _kept_counts
    now = time.time()
    kept = _kept_counts
    if kept is None or not 0 <= now - kept[0] < LANE_COUNTS_SECONDS:
        kept = _kept_counts = _shared_lane_counts(now)
    counts = kept[1]
    if with_appeals:
        counts = {**counts, "appeals": Appeal.objects.pending().count()}
    return counts


def _shared_lane_counts(now: float) -> tuple[float, dict]:
    try:
        shared = cache.get(_LANE_COUNTS_KEY)
    except Exception:
        shared = None
    if shared is not None and 0 <= now - shared[0] < LANE_COUNTS_SECONDS:
        return shared
    counted = (now, lane_counts(with_appeals=False))
    try:
        cache.set(_LANE_COUNTS_KEY, counted, LANE_COUNTS_SECONDS)
    except Exception:  # noqa: S110 -- without the cache, each process counts for itself
        pass
    return counted


def forget_lane_counts() -> None:
    """Forget this process's copy of the counts (tests)."""
    global _kept_counts
    _kept_counts = None


@dataclass(frozen=True)
class Cursor:
    """A place in a lane's order (priority, entered_queue_at, id), for keyset pages: no OFFSET, no COUNT."""

    priority: str
    entered: datetime.datetime
    id: int

    def __str__(self):
        micros = (self.entered - EPOCH) // datetime.timedelta(microseconds=1)
        return f"{self.priority}~{micros}~{self.id}"

    @classmethod
    def parse(cls, raw: str) -> "Cursor | None":
        match = re.fullmatch(r"(P[0-3A])~(\d{1,18})~(\d{1,18})", raw or "")
        if not match:
            return None
        try:
            entered = EPOCH + datetime.timedelta(microseconds=int(match[2]))
        except OverflowError:
            return None
        return cls(match[1], entered, int(match[3]))

    def after(self) -> Q:
        return (
            Q(priority__gt=self.priority)
            | Q(priority=self.priority, entered_queue_at__gt=self.entered)
            | Q(priority=self.priority, entered_queue_at=self.entered, id__gt=self.id)
        )


class Listed(NamedTuple):
    """A waiting story as the queue page lists it: the columns its row shows, read as plain values.

    Building 25 Review, Story, Campaign and User instances per page cost more than the query itself.
    """

    id: int
    story_id: int
    priority: str
    lane: str
    crisis: bool
    screening_failed: bool
    escalated: bool
    flag_count: int
    entered_queue_at: datetime.datetime
    claimed_by_id: int | None
    claimed_until: datetime.datetime | None
    claimed_by_name: str | None
    public_id: str
    version: int
    text: str
    language: str
    crisis_help_shown: bool
    content_warning: bool
    is_hidden: bool
    hashtag: str

    def is_claimed_by_other(self, viewer_id: int, now) -> bool:
        return bool(self.claimed_by_id and self.claimed_by_id != viewer_id and self.claimed_until and self.claimed_until > now)


def _listed_columns() -> tuple[str, ...]:
    story = {"public_id", "version", "text", "language", "crisis_help_shown", "content_warning", "is_hidden"}
    named = {"claimed_by_name": f"claimed_by__{get_user_model().USERNAME_FIELD}", "hashtag": "story__campaign__hashtag"}
    return tuple(named.get(name) or (f"story__{name}" if name in story else name) for name in Listed._fields)


def lane_page(lane: str, *, after: "Cursor | None" = None, start_at: str = "", size: int = PAGE_SIZE, listed: bool = False, **filters):
    """One page of a lane in queue order, from a cursor or from the first story of a priority.

    listed=True reads the rows as Listed values (the queue page); otherwise Review instances with their story.
    """
    reviews = lane_reviews(lane, **filters)
    if after is not None:
        reviews = reviews.filter(after.after())
    elif start_at:
        reviews = reviews.filter(priority__gte=start_at)
    if listed:
        rows = [Listed._make(values) for values in reviews.values_list(*_listed_columns())[: size + 1]]
    else:
        rows = list(reviews[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = Cursor(last.priority, last.entered_queue_at, last.id)
    return rows, next_cursor


_FIRST_PAGE_SQL: dict[str, tuple[str, tuple]] = {}  # per process: the "anything flagged?" look, compiled once


def _anything_flagged_sql() -> tuple[str, tuple]:
    compiled = _FIRST_PAGE_SQL.get("flagged?")
    if compiled is None:
        compiled = Review.objects.filter(lane=Lane.FLAGGED).values_list("id")[:1].query.sql_with_params()
        _FIRST_PAGE_SQL["flagged?"] = compiled
    return compiled


def _anything_flagged() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(*_anything_flagged_sql())
        return cursor.fetchone() is not None


def flagged_first(limit: int = 5, *, anything_flagged: bool | None = None) -> list[Listed]:
    """The flagged stories that go to the top of the queue page at once, "identifies me" first.

    Most of the time none is flagged: a look at the open lanes' index answers that before the full query
    (asked here, or given: decisions_today(and_anything_flagged=True) asks it in the same statement).
    """
    if not (_anything_flagged() if anything_flagged is None else anything_flagged):
        return []
    rows, _next = lane_page(Lane.FLAGGED, size=limit, listed=True)
    return rows


def flag_reasons(story_ids) -> dict[int, Counter]:
    """Open flags per story, counted by reason, in one query."""
    reasons: dict[int, Counter] = {}
    rows = Flag.objects.filter(story_id__in=list(story_ids), resolved=False).values_list("story_id", "reason")
    for story_id, reason in rows:
        reasons.setdefault(story_id, Counter())[reason] += 1
    return reasons


_DUPLICATE_OF = re.compile(r"duplicate of story ([A-Za-z0-9_-]{4,16})")


SPAM_EVIDENCE = ("spam", "flood", "duplicate")


def spam_evidence(reviews) -> tuple[dict[int, str], dict[int, list[str]]]:
    """For the listed stories, in one query: the story each (near) duplicates ({story id: public id}),
    and the screening's reasons for the spam bin ({story id: [reason, ...]}), shown to the moderator."""
    versions = {review.story_id: review.version for review in reviews}
    found: dict[int, list[tuple[str, str]]] = {}
    db, meta = connection, Signal._meta
    c_id, c_story, c_version, c_type, c_reason, c_confidence = (
        db.ops.quote_name(meta.get_field(name).column) for name in ("id", "story", "version", "type", "reason", "confidence")
    )
    # Written out once rather than built by the ORM on every page (building it cost more than running it).
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT {c_story}, {c_version}, {c_type}, {c_reason} FROM {db.ops.quote_name(meta.db_table)} "  # noqa: S608 -- the model's own names
            f"WHERE {c_story} IN ({', '.join(['%s'] * len(versions))}) AND {c_type} IN ({', '.join(['%s'] * len(SPAM_EVIDENCE))}) "
            f"ORDER BY {c_story}, {c_confidence} DESC, {c_id}",
            [*versions, *SPAM_EVIDENCE],
        )
        rows = cursor.fetchall()
    for story_id, version, kind, reason in rows:
        if version == versions[story_id]:
            found.setdefault(story_id, []).append((kind, reason))
    duplicates, reasons = {}, {}
    for story_id, signals in found.items():
        duplicates[story_id], reasons[story_id] = _evidence(signals)
    return {story_id: of for story_id, of in duplicates.items() if of}, reasons


def _evidence(signals) -> tuple[str, list[str]]:
    """From a story's spam signals ((type, reason), strongest first): the story it duplicates ("" if none), its first three reasons."""
    duplicate_of, reasons = "", []
    for kind, reason in signals:
        match = _DUPLICATE_OF.search(reason) if kind == "duplicate" else None
        if match and not duplicate_of:
            duplicate_of = match[1]
        if reason not in reasons and len(reasons) < 3:
            reasons.append(reason)
    return duplicate_of, reasons


def lane_reviews(lane: str, *, priority: str = "", signal_type: str = "", language: str = "", campaign: str = ""):
    reviews = Review.objects.filter(LANE_FILTERS[lane]).select_related("story", "story__campaign", "claimed_by")
    if priority:
        reviews = reviews.filter(priority=priority)
    if language:
        reviews = reviews.filter(story__language=language)
    if campaign:
        reviews = reviews.filter(story__campaign__slug=campaign)
    if signal_type:
        reviews = reviews.filter(
            Exists(Signal.objects.filter(story=OuterRef("story"), version=OuterRef("story__version"), type=signal_type))
        )
    return reviews.order_by("priority", "entered_queue_at", "id")


class QueuePage(NamedTuple):
    """What the queue page lists and counts for one moderator."""

    rows: list[Listed]
    next_cursor: Cursor | None
    flagged_top: list[Listed]  # the flagged stories shown above the queue's first page
    done_today: int  # the moderator's decisions since midnight (UTC)
    flag_reasons: dict[int, Counter]  # open flags by reason, for the stories in the flagged lane or with flags counted
    duplicates: dict[int, str]  # {story id: public id of the story it (nearly) repeats}, for the page's rows
    spam_reasons: dict[int, list[str]]  # the screening's reasons for the spam bin, for the page's rows
    open_appeals: int | None  # the appeals no senior has decided yet, when asked (with_appeals)


FLAGGED_TOP = 5  # flagged stories shown above the queue's first page


def queue_page(
    lane: str, *, moderator, after: "Cursor | None" = None, start_at: str = "", with_appeals: bool = False, **filters
) -> QueuePage:
    """The queue page's reads: on PostgreSQL a first page (no cursor, no free-text filter) in one prepared statement.

    Every other page, and every page on other databases, reads the same things the plain way
    (_queue_page_by_parts: a test holds the two to each other).
    """
    with_top = lane == Lane.QUEUE and after is None
    if after is None and not filters.get("language") and not filters.get("campaign") and connection.vendor == "postgresql":
        return _queue_page_in_one_statement(lane, start_at, filters, moderator=moderator, with_top=with_top, with_appeals=with_appeals)
    return _queue_page_by_parts(lane, after, start_at, filters, moderator=moderator, with_top=with_top, with_appeals=with_appeals)


def _queue_page_by_parts(lane, after, start_at, filters, *, moderator, with_top, with_appeals=False) -> QueuePage:
    rows, next_cursor = lane_page(lane, after=after, start_at=start_at, listed=True, **filters)
    if with_top:
        done_today, anything_flagged = decisions_today(moderator, and_anything_flagged=True)
        flagged_top = flagged_first(FLAGGED_TOP, anything_flagged=anything_flagged)
    else:
        done_today, flagged_top = decisions_today(moderator), []
    # Open flags are only ever on stories in the flagged lane or counted on their review: no query otherwise.
    flagged = [row.story_id for row in rows + flagged_top if row.lane == Lane.FLAGGED or row.flag_count]
    reasons = flag_reasons(flagged) if flagged else {}
    duplicates, spam_reasons = spam_evidence(rows) if rows else ({}, {})
    open_appeals = Appeal.objects.pending().count() if with_appeals else None
    return QueuePage(rows, next_cursor, flagged_top, done_today, reasons, duplicates, spam_reasons, open_appeals)


_ONE_STATEMENT: dict[tuple, str] = {}  # per process, keyed by every input the SQL is written for


def _queue_page_in_one_statement(lane, start_at, filters, *, moderator, with_top, with_appeals=False, size=PAGE_SIZE) -> QueuePage:
    """The page's rows, the flagged ones on top, each row's spam evidence and open flags, the moderator's count
    for today (and the open appeals, for a senior): one round trip, one prepared statement per process and
    input (config/prepared_statements.py)."""
    key = (lane, start_at, size, filters.get("priority", ""), filters.get("signal_type", ""), with_top, with_appeals)
    sql = _ONE_STATEMENT.get(key)
    if sql is None:
        sql = _ONE_STATEMENT[key] = _one_statement_sql(*key)
    rows = prepared_statements.fetchall(sql, [moderator.pk, _start_of_today()])
    listed, flagged_top = [], []
    make, last_value = Listed._make, 3 + len(Listed._fields)  # a row: done, appeals, part, the Listed values, evidence, open flags
    for row in rows:
        part = row[2]
        if part is not None:  # else nothing is listed: the one row carries the count alone
            (flagged_top if part else listed).append((make(row[3:last_value]), row[last_value], row[last_value + 1]))
    next_cursor = None
    if len(listed) > size:
        listed = listed[:size]
        last = listed[-1][0]
        next_cursor = Cursor(last.priority, last.entered_queue_at, last.id)
    reasons, duplicates, spam_reasons = {}, {}, {}
    for row, _evidence_of_row, open_flags in listed + flagged_top:
        if open_flags and (row.lane == Lane.FLAGGED or row.flag_count):
            reasons[row.story_id] = Counter(open_flags)
    for row, evidence, _open_flags in listed:
        if evidence:
            duplicate_of, spam_reasons[row.story_id] = _evidence(signal.split(" ", 1) for signal in evidence)
            if duplicate_of:
                duplicates[row.story_id] = duplicate_of
    done_today, open_appeals = rows[0][:2]
    shown, on_top = [row for row, *_ in listed], [row for row, *_ in flagged_top]
    return QueuePage(shown, next_cursor, on_top, done_today, reasons, duplicates, spam_reasons, open_appeals)


def _one_statement_sql(lane, start_at, size, priority, signal_type, with_top, with_appeals) -> str:
    """The SQL of one first page, every value written into it but the moderator and the day (%s, %s).

    The rows are the ORM's own queries (lane_reviews, the same as the other pages), with the spam evidence
    (one grouped scan for all rows) and the open flags of each row as arrays, next to the count of the day; a lane, a status, a
    priority are written into the SQL so that the plan PostgreSQL keeps for the prepared statement is the
    one it chooses for them (with a parameter instead, it cannot use the open lanes' partial index).
    """
    db = connection
    names = ", ".join(db.ops.quote_name(name) for name in Listed._fields)

    def rows_sql(part: int, lane: str, start_at: str, size: int, **filters) -> str:
        reviews = lane_reviews(lane, **filters)
        if start_at:
            reviews = reviews.filter(priority__gte=start_at)
        compiled = db.ops.compose_sql(*reviews.values_list(*_listed_columns())[:size].query.sql_with_params())
        return f"SELECT {part} AS part, * FROM ({compiled}) AS listed ({names})"  # noqa: S608 -- the ORM's own SQL

    every = {"priority": priority, "signal_type": signal_type, "language": "", "campaign": ""}
    parts = [rows_sql(0, lane, start_at, size + 1, **every)]
    if with_top:
        parts.append(rows_sql(1, Lane.FLAGGED, "", FLAGGED_TOP, **dict.fromkeys(every, "")))
    signal, flag, decision = Signal._meta, Flag._meta, Decision._meta

    def column(meta, name) -> str:
        return db.ops.quote_name(meta.get_field(name).column)

    story, version, kind = column(signal, "story"), column(signal, "version"), column(signal, "type")
    # The spam evidence of every listed row in one grouped scan (a subquery per row cost PostgreSQL a third of the page).
    evidence = (
        f"SELECT {story} AS story_id, ARRAY_AGG({kind} || ' ' || {column(signal, 'reason')} "  # noqa: S608 -- the models' own names
        f"ORDER BY {column(signal, 'confidence')} DESC, {column(signal, 'id')}) AS evidence "
        f"FROM {db.ops.quote_name(signal.db_table)} WHERE ({story}, {version}) IN (SELECT story_id, version FROM part) "
        f"AND {kind} IN ({', '.join(db.ops.compose_sql('%s', [name]) for name in SPAM_EVIDENCE)}) GROUP BY {story}"
    )
    # Open flags are only ever shown for a row in the flagged lane or with flags counted on its review (as by parts).
    open_flags = (
        f"CASE WHEN part.lane = {db.ops.compose_sql('%s', [Lane.FLAGGED])} OR part.flag_count > 0 THEN "  # noqa: S608
        f"ARRAY(SELECT {column(flag, 'reason')} FROM {db.ops.quote_name(flag.db_table)} "
        f"WHERE {column(flag, 'story')} = part.story_id AND NOT {column(flag, 'resolved')} ORDER BY {column(flag, 'id')}) END"
    )
    appeals = "NULL::bigint"
    if with_appeals:
        pending = db.ops.compose_sql(*Appeal.objects.pending().order_by().values("pk").query.sql_with_params())
        appeals = f"(SELECT COUNT(*) FROM ({pending}) AS pending)".replace("%", "%%")  # noqa: S608 -- the ORM's own SQL
    done = (
        f"SELECT COUNT(*), {appeals} FROM {db.ops.quote_name(decision.db_table)} "  # noqa: S608 -- the models' own names, as above
        f"WHERE {column(decision, 'moderator')} = %s AND {column(decision, 'created_at')} >= %s"
    )
    union = " UNION ALL ".join(parts)
    listed = f"SELECT part.*, evidence.evidence, {open_flags} AS open_flags FROM part LEFT JOIN evidence ON evidence.story_id = part.story_id"  # noqa: S608

    def literal(sql: str) -> str:  # only the two parameters of the count are placeholders: every other % is written %%
        return sql.replace("%", "%%")

    return (
        f"WITH part AS ({literal(union)}), evidence AS ({literal(evidence)}) "  # noqa: S608 -- the models' own names
        f"SELECT done.n, done.appeals, listed.* FROM ({done}) AS done (n, appeals) "
        f"LEFT JOIN ({literal(listed)}) AS listed ON TRUE ORDER BY listed.part, listed.priority, listed.entered_queue_at, listed.id"
    )


def _start_of_today() -> datetime.datetime:
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


class Wellbeing(NamedTuple):
    blur: bool
    greyscale: bool


WELLBEING_SECONDS = 300


def _wellbeing_key(user) -> str:
    return f"moderation:wellbeing:{user.pk}"


def wellbeing_settings(user) -> Wellbeing:
    """A moderator's blur and greyscale, kept in the cache (two booleans, nothing else) until they change them."""
    try:
        kept = staff_pass.read_kept(user, _wellbeing_key(user))
    except Exception:
        kept = None
    if kept is not None:
        return Wellbeing(*kept)
    current = ModeratorSettings.for_user(user)
    shown = Wellbeing(current.blur, current.greyscale)
    try:
        cache.set(_wellbeing_key(user), tuple(shown), WELLBEING_SECONDS)
    except Exception:  # noqa: S110 -- asked again next time
        pass
    return shown


def flag_flood_shown(user) -> bool:
    """Whether flags arrive in a flood (moderation.services.flags), read with the staff pass when it was asked ahead."""
    try:
        return any(staff_pass.read_kept(user, key) is not None for key in _flood_alert_keys_now())
    except Exception:
        return flags.flag_flood_now()  # its own answer without the cache (the audit log)


def queue_page_reads(request) -> list[str]:
    """The cache keys the queue page reads on every request, fetched with the staff pass (accounts.guards.staff_required)."""
    return [_wellbeing_key(request.user), *_flood_alert_keys_now()]


def _flood_alert_keys_now() -> tuple[str, ...]:
    return _flood_alert_keys_of_hour(timezone.now().replace(minute=0, second=0, microsecond=0))


@lru_cache(maxsize=4)
def _flood_alert_keys_of_hour(hour: datetime.datetime) -> tuple[str, ...]:
    # The keys name hours (flags.flood_alert_keys): written once an hour rather than twice a page.
    return tuple(flags.flood_alert_keys(hour))


def forget_wellbeing_settings(user) -> None:
    try:
        cache.delete(_wellbeing_key(user))
    except Exception:  # noqa: S110 -- kept at most WELLBEING_SECONDS
        pass


FILTER_NAMES = ("priority", "signal_type", "language", "campaign")


def decisions_today(moderator, *, and_anything_flagged: bool = False):
    """How many decisions the moderator made since midnight (UTC): one indexed count, its SQL written once.

    and_anything_flagged=True: (that count, whether any story waits in the flagged lane), in the same
    statement (the queue page asks both on every request; flagged_first(anything_flagged=...) takes the answer).
    """
    start = _start_of_today()
    db, meta = connection, Decision._meta
    table, who, when = (db.ops.quote_name(name) for name in (meta.db_table, meta.get_field("moderator").column, meta.get_field("created_at").column))
    sql, params = f"SELECT COUNT(*) FROM {table} WHERE {who} = %s AND {when} >= %s", [moderator.pk, db.ops.adapt_datetimefield_value(start)]  # noqa: S608 -- the model's own names
    if and_anything_flagged:
        flagged_sql, flagged_params = _anything_flagged_sql()
        sql, params = f"SELECT ({sql}), EXISTS ({flagged_sql})", [*params, *flagged_params]
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], bool(row[1])) if and_anything_flagged else row[0]


def highlight_segments(text: str, signals) -> list[tuple[int, str, Signal | None]]:
    """Split text into (start, part, signal) pieces, plain or highlighted; overlapping signals keep the first."""
    segments, position = [], 0
    for signal in sorted(signals, key=lambda s: (s.start, -s.end)):
        if signal.type in ("duplicate", "flood") or signal.start < position or signal.end > len(text):
            continue
        if signal.start > position:
            segments.append((position, text[position:signal.start], None))
        segments.append((signal.start, text[signal.start:signal.end], signal))
        position = signal.end
    if position < len(text):
        segments.append((position, text[position:], None))
    return segments


def time_to_first_decision(since: datetime.datetime) -> dict[str, float | None]:
    """Median and p90 minutes from submission to the first decision on stories decided since `since`."""
    rows = (
        Decision.objects.filter(created_at__gte=since)
        .order_by("story_id", "created_at")
        .values_list("story_id", "created_at", "story__created_at")
    )
    first: dict[int, float] = {}
    for story_id, decided, created in rows:
        first.setdefault(story_id, (decided - created).total_seconds() / 60)
    values = sorted(first.values())
    if not values:
        return {"median": None, "p90": None, "count": 0, "median_shown": "—", "p90_shown": "—"}
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    median = statistics.median(values)
    return {
        "median": round(median, 1), "p90": round(p90, 1), "count": len(values),
        "median_shown": hours_and_minutes(median), "p90_shown": hours_and_minutes(p90),
    }


def hours_and_minutes(minutes: float | None) -> str:
    """Show a duration in minutes as "5 h 24 min" (or "12 min"), never as "19458.0"."""
    if minutes is None:
        return "—"
    total = int(round(minutes))
    hours, rest = divmod(total, 60)
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": f"{hours:,}", "minutes": rest}
    return _("%(minutes)s min") % {"minutes": rest}


def metrics() -> dict:
    now = timezone.now()
    by_reason = (
        Decision.objects.standing().values("action", "reason_code").annotate(n=Count("id")).order_by("-n")
    )
    appeals = Appeal.objects.values("outcome").annotate(n=Count("id"))
    return {
        "lanes": lane_counts(),
        "day": time_to_first_decision(now - datetime.timedelta(days=1)),
        "week": time_to_first_decision(now - datetime.timedelta(days=7)),
        "by_reason": list(by_reason),
        "appeals": {row["outcome"] or "pending": row["n"] for row in appeals},
    }
