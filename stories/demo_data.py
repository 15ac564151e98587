"""Create demo voices and stories quickly (COPY on PostgreSQL, bulk inserts elsewhere).

Every demo story says it is a demo. Counters are rebuilt from the rows at
the end, so they are exact however the rows were written.
"""

import datetime
import functools
import random

from django.db import connection, transaction
from django.utils import timezone

from stories import counters, releases
from stories.choices import CONTEXT_FIELDS, Anonymity, Status
from stories.models import Campaign, Story, Tap, new_public_id, new_row_id

DEMO_CAMPAIGNS = [
    ("notokay", "#NotOkay", "Not okay", "Demo campaign: moments that were not okay."),
    ("myharveyweinstein", "#MyHarveyWeinstein", "My Harvey Weinstein", "Demo campaign: the powerful people who abused their power."),
]

DEMO_SENTENCES = [
    "At 14, a teacher kept me after class. I never told anyone until now.",
    "It happened at work, more than once. Everyone laughed it off.",
    "Me too. At 8, at 12, at 19.",
    "A stranger on the bus. I froze, and I have been angry at myself for years. I am learning it was not my fault.",
    "My manager said it was a joke. It was not a joke.",
    "I was 17 and it was someone my family trusted.",
    "Online, for months, from someone I had never met.",
    "I said no. He did not listen. It took me ten years to write this sentence.",
]


DEMO_NOTE = "Demo data: the numbers and stories here were made up for a demonstration."


def ensure_demo_campaigns() -> list[Campaign]:
    """Create the demo campaigns and mark every seeded campaign, #MeToo included, as demo data."""
    campaigns = list(Campaign.objects.filter(slug="metoo"))
    for campaign in campaigns:
        if not campaign.description.startswith(DEMO_NOTE):
            campaign.description = f"{DEMO_NOTE} {campaign.description}".strip()
        campaign.is_demo = True
        campaign.save(update_fields=["description", "is_demo"])
    for slug, hashtag, title, description in DEMO_CAMPAIGNS:
        campaign, _ = Campaign.objects.update_or_create(
            slug=slug, defaults={"hashtag": hashtag, "title": title, "description": description, "is_demo": True}
        )
        campaigns.append(campaign)
    return campaigns


@functools.cache
def _context_options() -> dict[str, list[str]]:
    # Built once: reading a TextChoices' values builds its (translated) choices every time,
    # which made generating a million voices take most of a minute.
    return {name: [""] + list(choices.values) for name, (choices, _label) in CONTEXT_FIELDS.items()}


def _random_context(rng: random.Random) -> dict[str, str]:
    context = {}
    for name, options in _context_options().items():
        context[name] = rng.choice(options) if rng.random() < 0.7 else ""
    return context


def seed(*, voices: int, stories: int, pending: int = 0, days: int = 14, seed_value: int = 2017) -> dict:
    """Create `voices` taps, `stories` published and `pending` in-review stories."""
    rng = random.Random(seed_value)
    campaigns = ensure_demo_campaigns()
    weights = [6, 2, 1][: len(campaigns)]
    now = counters.truncate_to_hour(timezone.now())
    hours = [now - datetime.timedelta(hours=h) for h in range(days * 24)]
    campaign_ids = [c.pk for c in campaigns]
    fields = list(CONTEXT_FIELDS)

    def tap_rows():
        for _ in range(voices):
            context = _random_context(rng)
            yield [new_row_id(), rng.choices(campaign_ids, weights)[0], rng.choice(hours)] + [context[f] for f in fields]

    def story_rows(count: int, status: str):
        for _ in range(count):
            context = _random_context(rng)
            created = rng.choice(hours) + datetime.timedelta(minutes=rng.randrange(60))
            text = "(Demo story) " + " ".join(rng.sample(DEMO_SENTENCES, 2))
            anonymity = rng.choice([Anonymity.ANONYMOUS, Anonymity.ANONYMOUS, Anonymity.PSEUDONYM])
            yield {
                "id": new_row_id(),
                "public_id": new_public_id(),
                "campaign_id": rng.choices(campaign_ids, weights)[0],
                "text": text,
                "anonymity": anonymity,
                "display_name": "Demo" if anonymity == Anonymity.PSEUDONYM else "",
                "content_warning": rng.random() < 0.2,
                "language": "en",
                "status": status,
                "is_hidden": False,
                "version": 1,
                "believed": rng.randrange(40) if status == Status.PUBLISHED else 0,
                "screening_attempts": 1,
                "created_at": created,
                "updated_at": created,
                "published_at": created + datetime.timedelta(hours=1) if status == Status.PUBLISHED else None,
                **context,
            }

    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy(Tap._meta.db_table, ["id", "campaign_id", "hour"] + fields, tap_rows())
            for count, status in ((stories, Status.PUBLISHED), (pending, Status.IN_REVIEW)):
                rows = list(story_rows(count, status))
                if rows:
                    # COPY sends every column: those the rows leave out get the model's default.
                    defaults = {
                        field.attname: field.get_default() for field in Story._meta.concrete_fields
                        if field.attname not in rows[0] and not field.primary_key
                    }
                    columns = [*rows[0], *defaults]
                    # Each row carries its random id (models.new_row_id): COPY has no database default.
                    _copy(Story._meta.db_table, columns, ([{**defaults, **row}[c] for c in columns] for row in rows))
        else:
            batch = []
            for row in tap_rows():
                batch.append(Tap(id=row[0], campaign_id=row[1], hour=row[2], **dict(zip(fields, row[3:], strict=True))))
                if len(batch) >= 5000:
                    Tap.objects.bulk_create(batch)
                    batch = []
            Tap.objects.bulk_create(batch)
            for count, status in ((stories, Status.PUBLISHED), (pending, Status.IN_REVIEW)):
                Story.objects.bulk_create((Story(**row) for row in story_rows(count, status)), batch_size=2000)
        drift = counters.reconcile(fix=True)
        for campaign in campaigns:
            releases.release_now(campaign.pk)  # demo figures are published at once
    return {"campaigns": len(campaigns), "voices": voices, "stories": stories, "pending": pending, "counters_fixed": len(drift)}


def _copy(table: str, columns: list[str], rows) -> None:
    """Stream rows into a table with COPY: the fastest way PostgreSQL takes data."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
