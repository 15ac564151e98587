import datetime
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stories.choices import (
    PENDING_STATUSES,
    AgeGroup,
    Anonymity,
    Gender,
    Kind,
    Relation,
    Setting,
    Status,
    ToldBefore,
)

CONTEXT_FIELD_NAMES = ("kind", "setting", "age_group", "relation", "told_before", "gender")

# The bucket of counters that are not per-hour.
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def new_public_id() -> str:
    """Return a random, non-sequential public id (72 bits)."""
    return secrets.token_urlsafe(9)


def new_row_id() -> int:
    """Return a random primary key (62 bits), so the order of rows says nothing of when they came."""
    return secrets.randbelow(2**62) + 1


def to_the_minute(moment: datetime.datetime | None = None) -> datetime.datetime:
    """Return moment (now by default) without its seconds: as precise as the moderation queue needs."""
    return (moment or timezone.now()).replace(second=0, microsecond=0)


class Campaign(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    hashtag = models.CharField(_("hashtag"), max_length=60)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    is_active = models.BooleanField(_("takes new voices"), default=True)
    # Set by `manage.py seed_demo`: its numbers and stories are made up, and every page says so.
    is_demo = models.BooleanField(_("holds demo data"), default=False)

    class Meta:
        ordering = ["started_at", "slug"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.hashtag

    def get_absolute_url(self):
        return reverse("campaign", args=[self.slug])


class ContextFields(models.Model):
    """The optional, closed-choice context shared by taps and stories."""

    kind = models.CharField(_("what happened"), max_length=16, choices=Kind.choices, blank=True)
    setting = models.CharField(_("where"), max_length=16, choices=Setting.choices, blank=True)
    age_group = models.CharField(_("age at the time"), max_length=16, choices=AgeGroup.choices, blank=True)
    relation = models.CharField(_("who did it"), max_length=16, choices=Relation.choices, blank=True)
    told_before = models.CharField(_("told before"), max_length=16, choices=ToldBefore.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)

    class Meta:
        abstract = True


class Tap(ContextFields):
    """One "me too": a campaign, an hour and optional context. Nothing else, by design."""

    id = models.BigIntegerField(primary_key=True, default=new_row_id, editable=False)
    # No index of its own: the (campaign, hour) index starts with it (one index less for every tap).
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="taps", db_index=False)
    hour = models.DateTimeField(_("hour"))

    class Meta:
        indexes = [models.Index(fields=["campaign", "hour"])]

    def __str__(self):
        return f"tap {self.pk} ({self.campaign_id})"


class StoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, is_hidden=False)

    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


class Story(ContextFields):
    id = models.BigIntegerField(primary_key=True, default=new_row_id, editable=False)
    # Unique through Meta.constraints, not unique=True: on PostgreSQL a unique CharField also gets a
    # second, LIKE-only index (varchar_pattern_ops) that nothing here queries and every INSERT writes.
    public_id = models.CharField(max_length=16, default=new_public_id, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="stories")
    text = models.TextField(_("story"), blank=True)
    anonymity = models.CharField(max_length=12, choices=Anonymity.choices, default=Anonymity.ANONYMOUS)
    display_name = models.CharField(_("shown as"), max_length=40, blank=True)
    # Set only when the author chose to keep the story in their account;
    # never exposed publicly. Indexed only where set (story_author): most stories have no author,
    # and every lookup is of one author's stories.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories",
        db_index=False,
    )
    key_hmac = models.CharField(max_length=64, null=True, blank=True, editable=False)  # unique: Meta.constraints
    # The share form's one-time token, hashed: the same form sent twice is saved once.
    submission_digest = models.CharField(max_length=64, null=True, blank=True, editable=False)  # unique: Meta.constraints
    # Whether the author was shown crisis help when posting or editing (a yes or no, never any text).
    crisis_help_shown = models.BooleanField(default=False)
    content_warning = models.BooleanField(_("content warning"), default=False)
    # The author's choice: show the context answers with the story (and so let readers
    # filter by them). Off by default: the answers then only feed the suppressed breakdowns.
    context_public = models.BooleanField(_("answers shown with the story"), default=False)
    language = models.CharField(max_length=8, default="und")
    # No index of its own: story_wall starts with it, and the queue reads reviews, not stories.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    is_hidden = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    believed = models.PositiveIntegerField(default=0)
    screening_attempts = models.PositiveSmallIntegerField(default=0)
    screening_queued_at = models.DateTimeField(null=True, blank=True)
    # To the minute, so it cannot line a story up with a sign-in or another post.
    created_at = models.DateTimeField(default=to_the_minute, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["status", "is_hidden", "-published_at", "-id"], name="story_wall"),
            # Not the anonymous stories' NULLs: no query looks them up, and every anonymous story would write one.
            models.Index(fields=["author"], condition=models.Q(author__isnull=False), name="story_author"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["public_id"], name="story_public_id_unique"),
            models.UniqueConstraint(fields=["key_hmac"], name="story_key_hmac_unique"),
            models.UniqueConstraint(fields=["submission_digest"], name="story_submission_digest_unique"),
        ]

    def __str__(self):
        return self.public_id

    def get_absolute_url(self):
        return reverse("story_detail", args=[self.public_id])

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED and not self.is_hidden

    @property
    def shown_answers(self) -> list[str]:
        """Return the context answers to show with the story: only if its author chose to."""
        if not self.context_public:
            return []
        return [getattr(self, f"get_{name}_display")() for name in CONTEXT_FIELD_NAMES if getattr(self, name)]

    @property
    def shown_name(self) -> str:
        if self.anonymity == Anonymity.ANONYMOUS:
            return ""
        return self.display_name


class AggregateRelease(models.Model):
    """The last published state of one campaign's breakdowns and hourly voices.

    Published figures change only when at least K_ANONYMITY_THRESHOLD voices
    changed since this release (see stories/releases.py).
    """

    campaign = models.OneToOneField(Campaign, primary_key=True, on_delete=models.CASCADE, related_name="+")
    changes = models.BigIntegerField(default=0)  # the campaign's "changes" counter when released
    voices = models.BigIntegerField(default=0)  # the voices this release covers
    released_at = models.DateTimeField(null=True, blank=True)  # never published; spaces releases out

    def __str__(self):
        return f"release of {self.campaign_id} at {self.changes} changes"


class ReleasedCount(models.Model):
    """One counter's value as of its campaign's release."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=48)
    bucket = models.DateTimeField(default=EPOCH)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "name", "bucket"], name="released_count_unique")]
        indexes = [models.Index(fields=["name", "bucket"], name="released_name_bucket")]

    def __str__(self):
        return f"{self.campaign_id}:{self.name}:{self.bucket:%Y-%m-%dT%H}={self.value}"


class CounterShard(models.Model):
    """One shard of one counter. A counter's value is the sum of its shards.

    Writers add to a random shard with an upsert, so concurrent writers
    rarely touch the same row; readers sum a handful of rows. See
    docs/counters.md.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=48)
    bucket = models.DateTimeField(default=EPOCH)
    shard = models.PositiveSmallIntegerField(default=0)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name", "bucket", "shard"], name="counter_shard_unique"),
        ]
        indexes = [models.Index(fields=["name", "bucket"], name="counter_name_bucket")]

    def __str__(self):
        return f"{self.campaign_id}:{self.name}:{self.bucket:%Y-%m-%dT%H}#{self.shard}={self.value}"


class FloodSwitch(models.Model):
    """Staff-controlled posting safeguards for a flood of bots (one row).

    Off by default, so posting needs no JavaScript; staff switch proof of
    work on in the admin during a flood.
    """

    proof_of_work = models.BooleanField(_("require proof of work to post"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("flood switch")
        verbose_name_plural = _("flood switch")

    def __str__(self):
        return "proof of work on" if self.proof_of_work else "proof of work off"

    @classmethod
    def proof_of_work_required(cls, using: str = "default") -> bool:
        """Return whether posting needs proof of work now (read at most every few seconds)."""
        try:
            cached = cache.get("flood-switch")
        except Exception:  # noqa: BLE001 -- the cache being down must not stop the site
            cached = None
        if cached is not None:
            return cached == "on"
        row = cls.objects.using(using).filter(pk=1).only("proof_of_work").first()
        required = row.proof_of_work if row else settings.PROOF_OF_WORK_DEFAULT
        try:
            cache.set("flood-switch", "on" if required else "off", 5)
        except Exception:  # noqa: BLE001, S110
            pass
        return required
