"""Exact, sharded counters for the wall.

Every counter is a set of rows (campaign, name, bucket, shard); its value
is the sum of the shards. A writer adds its delta to one random shard with
a single upsert, inside the transaction that changes the rows it counts, so
a count can never drift from a committed change, and fifty concurrent
writers spread over the shards instead of queueing on one row. Readers sum
a small, fixed number of rows: no COUNT(*) over taps or stories.

Names: "taps", "stories_published", "stories_pending" (bucket EPOCH);
"voices" per hour (bucket = the hour); "ctx:<field>:<value>" (bucket EPOCH)
for the breakdowns of voices by context; "changes" (bucket EPOCH), how many
voices were added or taken away so far, which decides when the breakdowns
and the hourly voices are released again (stories/releases.py). "changes"
is history, not a count of rows: reconcile leaves it alone.
"""

import datetime
import functools
import logging
import random
from collections import defaultdict

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncHour

from config.prepared_statements import ready_for_a_first_statement
from stories.choices import PENDING_STATUSES, Status
from stories.models import CONTEXT_FIELD_NAMES, EPOCH, CounterShard, Story, Tap

logger = logging.getLogger(__name__)

PUBLISHED = "published"
PENDING = "pending"
CHANGES = "changes"


def truncate_to_hour(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _database():
    """Return the default database's connection itself: `connection` is a proxy that looks it up on every use."""
    return connections[DEFAULT_DB_ALIAS]


def _upsert(campaign_id: int, deltas: dict[tuple[str, datetime.datetime], int]) -> tuple[str, list] | None:
    """Return the one statement that adds each delta to one random shard of its counter (None: nothing to add)."""
    rows = sorted((name, bucket, delta) for (name, bucket), delta in deltas.items() if delta)
    if not rows:
        return None
    db = _database()
    shard = random.randrange(settings.COUNTER_SHARDS)
    params = [campaign_id, shard]
    adapt = db.ops.adapt_datetimefield_value
    for name, bucket, delta in rows:
        params += [name, adapt(bucket), delta]
    return _upsert_sql(db.vendor, len(rows)), params


@functools.cache
def _upsert_sql(vendor: str, rows: int) -> str:
    # The campaign and the shard once, not once per row: few parameters, so the driver keeps the
    # parsed statement (psycopg caches queries of at most 50 parameters; a tap with every context
    # answer has 9 rows). VALUES names its columns column1..3 on PostgreSQL and SQLite alike; SQLite
    # needs the WHERE to read ON CONFLICT as the upsert's.
    table = CounterShard._meta.db_table
    values_sql = ", ".join(["(%s, %s, %s)"] * rows)
    cast = "::timestamptz" if vendor == "postgresql" else ""
    return (
        f"INSERT INTO {table} (campaign_id, name, bucket, shard, value) "
        f"SELECT %s, v.column1, v.column2{cast}, %s, v.column3 FROM (VALUES {values_sql}) AS v WHERE true "
        f"ON CONFLICT (campaign_id, name, bucket, shard) DO UPDATE SET value = {table}.value + excluded.value"
    )


def add(campaign_id: int, deltas: dict[tuple[str, datetime.datetime], int]) -> None:
    """Add each delta to one random shard of its counter, in one statement."""
    db = _database()
    statement = _upsert(campaign_id, deltas)
    if statement is None:
        return
    with db.cursor() as cursor:
        cursor.execute(*statement)


def voice_deltas(voice, sign: int) -> dict[tuple[str, datetime.datetime], int]:
    """Return what one voice (a tap or a published story) adds to the voice counters."""
    moment = voice.hour if hasattr(voice, "hour") else voice.created_at
    deltas = {("voices", truncate_to_hour(moment)): sign, (CHANGES, EPOCH): abs(sign)}
    for field in CONTEXT_FIELD_NAMES:
        value = getattr(voice, field)
        if value:
            deltas[(f"ctx:{field}:{value}", EPOCH)] = sign
    return deltas


def _insert_counted(row, deltas: dict[tuple[str, datetime.datetime], int], *, may_conflict: bool = False) -> None:
    """Insert a new row and add its deltas to the counters, as one statement on PostgreSQL.

    The INSERT sits in a data-modifying CTE followed by the counter upsert: atomic on its own, so
    outside a transaction it needs no BEGIN and COMMIT of its own (one round trip instead of four),
    and a unique violation (a story's form sent twice) leaves the counters untouched. For a row that
    may_conflict, inside the caller's transaction, a savepoint keeps such a failure from breaking it.
    Elsewhere (SQLite), the ORM's INSERT and the upsert in one transaction.
    """
    db = _database()
    statement = _upsert(row.campaign_id, deltas)
    if db.vendor != "postgresql":
        with transaction.atomic(using=db.alias):
            row.save(force_insert=True, using=db.alias)
            if statement is not None:
                with db.cursor() as cursor:
                    cursor.execute(*statement)
        return
    model = type(row)
    params = _insert_params(row, db)
    insert = _insert_sql(model)
    if statement is None:
        sql = insert
    else:
        sql = f"WITH new_row AS ({insert}) {statement[0]}"
        params += statement[1]
    if may_conflict and db.in_atomic_block:
        with transaction.atomic(using=db.alias):
            _execute_bound_by_the_server(db, sql, params)
    else:
        _execute_bound_by_the_server(db, sql, params)
    row._state.adding = False
    row._state.db = db.alias


def _execute_bound_by_the_server(db, sql: str, params: list) -> None:
    """Execute one statement with its parameters sent apart from it (PostgreSQL binds them).

    Django's psycopg cursors bind on the client: every value is quoted into the text, which
    PostgreSQL then parses (forty literals for a tap, the whole text for a story). Sent as
    parameters they cost both sides less (about 0.1 ms less of this process's CPU for a tap, and
    a third less of the server's). Not prepared: nothing is left on the connection (a
    transaction-pooling proxy in front stays possible). Wrapped like any Django cursor, so
    errors, query logging and execute wrappers are Django's own.

    It is a post's first statement: Django's health check (a SELECT 1, one more round trip, about
    a tenth of a tap's CPU in this process) is asked only if the server said something on the
    socket (config/prepared_statements.py), and the one cursor is the server-binding one.
    """
    from django.db.backends.postgresql.base import ServerBindingCursor

    ready_for_a_first_statement(db)
    with db.wrap_database_errors:
        raw = ServerBindingCursor(db.connection)
    # Django's wrapper class, debug or not, as db.cursor() would choose it.
    with (db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)) as cursor:
        cursor.execute(sql, params)


# What each kind of field's get_db_prep_save does to a value of these exact types on PostgreSQL:
# "plain", nothing (a foreign key to a BigAutoField too); "integer", psycopg's Int2/Int4/Int8 of the field's internal type (so the server
# binds the same type); "datetime", nothing to an aware datetime or None.
_PREPARED_AS = {
    models.CharField: ("plain", (str,)), models.TextField: ("plain", (str,)), models.BooleanField: ("plain", (bool,)),
    models.BigIntegerField: ("integer", (int,)), models.PositiveIntegerField: ("integer", (int,)),
    models.PositiveSmallIntegerField: ("integer", (int,)),
}


@functools.cache
def _insert_plan(model) -> tuple[tuple, ...]:
    """Return, per concrete field: (field, attname, how it prepares a value, the value types that allows, internal type)."""
    plan = []
    for field in model._meta.concrete_fields:
        how, types, internal = None, (), field.get_internal_type()
        if type(field) in _PREPARED_AS:
            how, types = _PREPARED_AS[type(field)]
        elif isinstance(field, models.ForeignKey) and type(field.target_field) is models.BigAutoField:
            how, types = "plain", (int, type(None))  # an auto field's value goes as it is
        elif type(field) is models.DateTimeField and not (field.auto_now or field.auto_now_add):
            how = "datetime"
        plan.append((field, field.attname, how, types, internal))
    return tuple(plan)


def _insert_params(row, db) -> list:
    """Return row's INSERT parameters on PostgreSQL, as each field's get_db_prep_save(pre_save()) gives them.

    Most of a tap's and a story's values are strings, integers, booleans, None or aware datetimes,
    for which that preparation is fixed (above): those are prepared here, the rest by their field
    (a tenth of building a tap's statement, more for a story's 28 fields). Tests hold the two to
    the same values of the same types.
    """
    integers = getattr(db.ops, "integerfield_type_map", None)  # psycopg 3's
    params = []
    for field, attname, how, types, internal in _insert_plan(type(row)):
        value = getattr(row, attname)
        if how == "plain" and type(value) in types:
            params.append(value)
        elif how == "integer" and integers is not None and (value is None or type(value) in types):
            params.append(None if value is None else integers[internal](value))
        elif how == "datetime" and (value is None or (type(value) is datetime.datetime and value.utcoffset() is not None)):
            params.append(value)
        else:
            params.append(field.get_db_prep_save(field.pre_save(row, add=True), db))
    return params


@functools.cache
def _insert_sql(model) -> str:
    """Return PostgreSQL's INSERT of one row of model, every concrete field in _meta's order."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"


def save_counted_tap(tap) -> None:
    """Save a new tap and count it, together: the tap's row and its counters commit or roll back as one.

    On PostgreSQL it is one statement (_insert_counted), the tap's hot path (issue 16). Then, once
    the tap is committed (or inside the caller's transaction), a release of the campaign's figures
    if one is due.
    """
    from stories import releases  # releases reads these counters

    deltas = voice_deltas(tap, +1)
    deltas[("taps", EPOCH)] = 1
    _insert_counted(tap, deltas)
    if _database().in_atomic_block:
        releases.release_if_due(tap.campaign_id)  # inside the caller's transaction, as for any write
        return
    try:
        releases.release_if_due(tap.campaign_id)
    except DatabaseError as error:
        # The tap is committed and counted: answering with an error now would invite a second tap.
        # Whether a release is due is read from the counters, so the next write releases instead.
        logger.warning("release check after a tap failed (%s); a later write releases", type(error).__name__)


def save_counted_story(story) -> None:
    """Save a new story and count it (as pending, or wherever its status puts it), together.

    One statement on PostgreSQL, as for a tap: the story POST's hot path (issue 16). A new
    story in the moderation pipeline moves no voice, so it never makes a release due; a story
    created already published (data imports, tests) checks for one, as any count change does.
    """
    deltas = _story_deltas(before=None, after=story_category(story.status, story.is_hidden), story=story)
    _insert_counted(story, deltas, may_conflict=True)  # a form sent twice fails on its digest
    if deltas.get((CHANGES, EPOCH)):
        from stories import releases  # releases reads these counters

        releases.release_if_due(story.campaign_id)


def story_category(status: str, is_hidden: bool) -> str | None:
    """Return which count a story in this state belongs to, if any.

    A published story hidden on flags keeps its voice until a moderator
    decides: hiding must never move a published number (issue 15, attack 1).
    """
    if status == Status.PUBLISHED:
        return PUBLISHED
    if status in PENDING_STATUSES:
        return PENDING
    return None


def _story_deltas(*, before: str | None, after: str | None, story) -> dict[tuple[str, datetime.datetime], int]:
    """Return what a story moving from one count (category) to another adds to the counters."""
    deltas: dict = defaultdict(int)
    if before == after:
        return {}
    for category, sign in ((before, -1), (after, +1)):
        if category == PUBLISHED:
            deltas[("stories_published", EPOCH)] += sign
            for key, delta in voice_deltas(story, sign).items():
                deltas[key] += delta
        elif category == PENDING:
            deltas[("stories_pending", EPOCH)] += sign
    return dict(deltas)


def count_story_change(story, *, before: str | None) -> None:
    """Move a story between counts after its status changed (before: its old category)."""
    after = story_category(story.status, story.is_hidden)
    if before == after:
        return
    deltas = _story_deltas(before=before, after=after, story=story)
    add(story.campaign_id, deltas)
    if deltas.get((CHANGES, EPOCH)):
        from stories import releases  # releases reads these counters

        releases.release_if_due(story.campaign_id)


# --- Reading ---------------------------------------------------------------------


def totals_by_campaign(using: str | None = None) -> dict[int, dict[str, int]]:
    """Return {campaign_id: {"taps", "stories_published", "stories_pending", "voices"}}, one query."""
    rows = (
        CounterShard.objects.using(using or "default")
        .filter(bucket=EPOCH, name__in=("taps", "stories_published", "stories_pending"))
        .values_list("campaign_id", "name")
        .annotate(total=Sum("value"))
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(("taps", "stories_published", "stories_pending"), 0))
    for campaign_id, name, total in rows:
        result[campaign_id][name] = total
    for counts in result.values():
        counts["voices"] = counts["taps"] + counts["stories_published"]
    return dict(result)


def breakdowns(campaign_id: int | None = None, using: str | None = None) -> dict[str, dict[str, int]]:
    """Return raw (unsuppressed) voice counts per context field and value, one query."""
    rows = CounterShard.objects.using(using or "default").filter(bucket=EPOCH, name__startswith="ctx:")
    if campaign_id is not None:
        rows = rows.filter(campaign_id=campaign_id)
    result: dict[str, dict[str, int]] = {field: {} for field in CONTEXT_FIELD_NAMES}
    for name, total in rows.values_list("name").annotate(total=Sum("value")):
        _, field, value = name.split(":", 2)
        result.setdefault(field, {})[value] = total
    return result


def breakdowns_by_campaign(using: str | None = None) -> dict[int, dict[str, dict[str, int]]]:
    """Return raw voice counts per campaign, context field and value, one query."""
    rows = CounterShard.objects.using(using or "default").filter(bucket=EPOCH, name__startswith="ctx:")
    result: dict[int, dict[str, dict[str, int]]] = {}
    for campaign_id, name, total in rows.values_list("campaign_id", "name").annotate(total=Sum("value")):
        _, field, value = name.split(":", 2)
        fields = result.setdefault(campaign_id, {f: {} for f in CONTEXT_FIELD_NAMES})
        fields.setdefault(field, {})[value] = total
    return result


def hourly_voices(
    campaign_id: int | None = None, using: str | None = None, *, since: datetime.datetime | None = None
) -> dict[datetime.datetime, int]:
    """Return voices per hour (one row per hour with any voice), one query."""
    rows = CounterShard.objects.using(using or "default").filter(name="voices").exclude(bucket=EPOCH)
    if campaign_id is not None:
        rows = rows.filter(campaign_id=campaign_id)
    if since is not None:
        rows = rows.filter(bucket__gte=truncate_to_hour(since))
    return dict(rows.values_list("bucket").annotate(total=Sum("value")).order_by("bucket"))


def changes_by_campaign(campaign_id: int, using: str | None = None) -> int:
    """Return how many voice changes a campaign has seen so far."""
    rows = CounterShard.objects.using(using or "default").filter(campaign_id=campaign_id, name=CHANGES, bucket=EPOCH)
    return rows.aggregate(total=Sum("value"))["total"] or 0


def voices_since(moment: datetime.datetime, using: str | None = None) -> dict[int, int]:
    """Return {campaign_id: voices in hours starting at or after moment} ("rising now")."""
    rows = CounterShard.objects.using(using or "default").filter(name="voices", bucket__gte=truncate_to_hour(moment))
    return dict(rows.values_list("campaign_id").annotate(total=Sum("value")))


# --- Reconciling -------------------------------------------------------------------


def expected_counts() -> dict[tuple[int, str, datetime.datetime], int]:
    """Recompute every counter from the rows it counts."""
    expected: dict = defaultdict(int)
    for campaign_id, total in Tap.objects.values_list("campaign_id").annotate(total=Count("id")):
        expected[(campaign_id, "taps", EPOCH)] += total
    for campaign_id, hour, total in Tap.objects.values_list("campaign_id", "hour").annotate(total=Count("id")):
        expected[(campaign_id, "voices", hour)] += total
    published = Story.objects.filter(status=Status.PUBLISHED)  # hidden ones included, see story_category
    for campaign_id, total in published.values_list("campaign_id").annotate(total=Count("id")):
        expected[(campaign_id, "stories_published", EPOCH)] += total
    for campaign_id, hour, total in (
        published.annotate(h=TruncHour("created_at")).values_list("campaign_id", "h").annotate(total=Count("id"))
    ):
        expected[(campaign_id, "voices", hour)] += total
    pending = Story.objects.pending()
    for campaign_id, total in pending.values_list("campaign_id").annotate(total=Count("id")):
        expected[(campaign_id, "stories_pending", EPOCH)] += total
    for rows in (Tap.objects.all(), published):
        for field in CONTEXT_FIELD_NAMES:
            for campaign_id, value, total in (
                rows.exclude(**{field: ""}).values_list("campaign_id", field).annotate(total=Count("id"))
            ):
                expected[(campaign_id, f"ctx:{field}:{value}", EPOCH)] += total
    return dict(expected)


def actual_counts() -> dict[tuple[int, str, datetime.datetime], int]:
    rows = CounterShard.objects.exclude(name=CHANGES).values_list("campaign_id", "name", "bucket").annotate(total=Sum("value"))
    return {(campaign_id, name, bucket): total for campaign_id, name, bucket, total in rows}


def find_drift() -> dict[tuple[int, str, datetime.datetime], int]:
    """Return {counter: expected - actual} for every counter that is off."""
    expected = expected_counts()
    actual = actual_counts()
    drift = {}
    for key in expected.keys() | actual.keys():
        difference = expected.get(key, 0) - actual.get(key, 0)
        if difference:
            drift[key] = difference
    return drift


def reconcile(*, fix: bool) -> dict[tuple[int, str, datetime.datetime], int]:
    """Report drift and, with fix, correct it. Locks counters so writers wait."""
    with transaction.atomic():
        if fix and connection.vendor == "postgresql":
            # Writers take ROW EXCLUSIVE; this blocks them for the few
            # milliseconds the comparison takes, so the fix is exact.
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {CounterShard._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        drift = find_drift()
        if fix:
            by_campaign: dict = defaultdict(dict)
            for (campaign_id, name, bucket), difference in drift.items():
                by_campaign[campaign_id][(name, bucket)] = difference
            for campaign_id, deltas in by_campaign.items():
                add(campaign_id, deltas)
    return drift
