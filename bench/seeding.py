"""Build the bench database: a fresh PostgreSQL database, demo data at a size, a moderator.

Voices and stories come from stories.demo_data.seed (COPY on PostgreSQL);
this module adds what the bench needs on top: Review rows so the pending
stories form a real moderation queue, fresh planner statistics, and a
moderator with two-factor authentication whose session cookie the load
generator can send.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management import call_command
from django.db import connection, connections, transaction

MODERATOR_USERNAME = "bench-moderator"
# Of every 100 pending stories: 1 crisis (P0), 14 personal data (P1), 20 names (P2), the rest P3;
# 5 of them sit in the spam lane.
PRIORITY_SHARES = (("P0", 1), ("P1", 14), ("P2", 20), ("P3", 65))
SPAM_SHARE = 5


@dataclass(frozen=True)
class Size:
    name: str
    voices: int
    published: int
    pending: int


SIZES = {
    "small": Size("small", voices=10_000, published=1_000, pending=100),
    "large": Size("large", voices=1_000_000, published=100_000, pending=10_000),
}


def recreate_database(database_url: str) -> None:
    """Drop and create the database named in database_url (connecting to "postgres" to do it)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected database name {name!r}")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connections.close_all()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def seed(size: Size) -> dict[str, float]:
    """Seed voices, stories and the moderation queue; return how long each part took (seconds)."""
    from stories import demo_data

    started, cpu_started = time.perf_counter(), time.process_time()
    demo_data.seed(voices=size.voices, stories=size.published, pending=size.pending)
    seeded, cpu_seeded = time.perf_counter(), time.process_time()
    reviews = seed_review_queue()
    queued = time.perf_counter()
    refresh_statistics()
    analysed = time.perf_counter()
    return {
        "seed_seconds": seeded - started,
        "seed_cpu_seconds": cpu_seeded - cpu_started,  # this process only; PostgreSQL works alongside
        "queue_seconds": queued - seeded,
        "analyze_seconds": analysed - queued,
        "reviews": reviews,
    }


def seed_review_queue() -> int:
    """Give stories the Review rows screening and moderation would have; return how many are pending."""
    from moderation.models import Review
    from stories.choices import Status
    from stories.models import Story

    lanes = [("spam" if n < SPAM_SHARE else "queue") for n in range(100)]
    priorities = [priority for priority, share in PRIORITY_SHARES for _ in range(share)]
    pending = Story.objects.filter(status=Status.IN_REVIEW, review__isnull=True).values_list("id", "version", "created_at")
    rows = [
        Review(
            story_id=story_id,
            priority=priorities[(story_id * 37) % 100],
            lane=lanes[(story_id * 53) % 100],
            crisis=priorities[(story_id * 37) % 100] == "P0",
            screened_version=version,
            entered_queue_at=created_at,
        )
        for story_id, version, created_at in pending.iterator(chunk_size=5000)
    ]
    with transaction.atomic():
        Review.objects.bulk_create(rows, batch_size=5000)
        # Every published story went through the queue once: its Review row stays, in the "done" lane.
        # Columns taken from the story; every other column gets its model default (so a new
        # field on Review does not break the bench).
        from_story = {"story_id": "id", "screened_version": "version", "entered_queue_at": "created_at"}
        given = {"priority": "P3", "lane": "done"}
        columns, selected, parameters = [], [], []
        for field in Review._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(field.column)
            if field.attname in from_story:
                selected.append(from_story[field.attname])
            else:
                value = given.get(field.attname, field.get_default())
                selected.append("%s")
                parameters.append(field.get_db_prep_value(value, connection, prepared=False))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Review._meta.db_table} ({', '.join(columns)}) "  # noqa: S608 -- names come from the models
                f"SELECT {', '.join(selected)} FROM {Story._meta.db_table} story "
                f"WHERE status = %s AND NOT EXISTS (SELECT 1 FROM {Review._meta.db_table} r WHERE r.story_id = story.id)",
                [*parameters, Status.PUBLISHED],
            )
    return len(rows)


def refresh_statistics() -> None:
    """VACUUM ANALYZE, as autovacuum would have long done on a live database (ANALYZE inside a transaction)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def create_moderator() -> str:
    """Create a moderator with an authenticator app and return a signed-in session's cookie value."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user = get_user_model().objects.create_user(username=MODERATOR_USERNAME, password=None, is_staff=True)
    user.groups.add(Group.objects.get(name="moderator"))
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies[settings.SESSION_COOKIE_NAME].value
