from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation.reasons import REASON_CHOICES
from stories.models import Story


class Priority(models.TextChoices):
    P0 = "P0", _("P0 — urgent: crisis, or someone says it identifies them")
    P1 = "P1", _("P1 — personal data")
    P2 = "P2", _("P2 — names")
    P3 = "P3", _("P3 — other")
    # Sorts after the testimonies, never among them; its text is blurred until the moderator chooses to read it.
    ABUSE = "PA", _("Abuse aimed at survivors")


OPEN_LANES = ["queue", "spam", "flagged"]


class Lane(models.TextChoices):
    QUEUE = "queue", _("Queue")
    SPAM = "spam", _("Spam bin")
    FLAGGED = "flagged", _("Flagged")
    DONE = "done", _("Decided")


class Review(models.Model):
    """A story's place in the moderation queue: priority, lane and who holds it."""

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="review")
    priority = models.CharField(max_length=2, choices=Priority.choices, default=Priority.P3)
    lane = models.CharField(max_length=8, choices=Lane.choices, default=Lane.QUEUE)
    crisis = models.BooleanField(default=False)
    screening_failed = models.BooleanField(default=False)
    screened_version = models.PositiveIntegerField(default=0)
    entered_queue_at = models.DateTimeField(default=timezone.now)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    # A moderator handed it to the seniors (a crisis, a hard case): shown at the top with its badge.
    escalated = models.BooleanField(default=False)
    # Changes made since the last decision (moderation/changes.py); they move to the decision.
    redactions = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [
            # Only the open lanes are ever listed or counted; decided reviews (the great
            # majority) stay out of the index.
            models.Index(
                fields=["lane", "priority", "entered_queue_at", "id"], name="review_open_lanes",
                condition=models.Q(lane__in=OPEN_LANES),
            ),
        ]

    def __str__(self):
        return f"review of {self.story_id} ({self.lane}, {self.priority})"

    def is_claimed_by_other(self, user, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.claimed_by_id and self.claimed_by_id != user.pk and self.claimed_until and self.claimed_until > now)


class Signal(models.Model):
    """One screening finding on one version of a story. Never the matched text: only its hash."""

    class Resolution(models.TextChoices):
        OPEN = "", _("Open")
        REDACTED = "redacted", _("Redacted")
        DISMISSED = "dismissed", _("Dismissed")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="signals")
    version = models.PositiveIntegerField()
    type = models.CharField(max_length=16)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    confidence = models.FloatField()
    reason = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True, default="")

    class Meta:
        ordering = ["start", "end", "type"]
        indexes = [models.Index(fields=["story", "version"])]

    def __str__(self):
        return f"{self.type} {self.start}-{self.end}"


class DecisionQuerySet(models.QuerySet):
    def standing(self):
        """Decisions that were not undone."""
        return self.filter(undone_at__isnull=True)

    def latest_first(self):
        return self.order_by("-created_at", "-id")


class Decision(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("Approve")
        APPROVE_REDACTED = "approve_redacted", _("Approve with redactions")
        REQUEST_CHANGES = "request_changes", _("Ask the author to change it")
        REJECT = "reject", _("Reject")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="decisions")
    version = models.PositiveIntegerField()
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    reason_code = models.CharField(max_length=32, choices=REASON_CHOICES, blank=True)
    note = models.TextField(blank=True)
    # What the moderator changed, as the author will see it (moderation/changes.py): each
    # change's kind, position, before and after. Erased when the author withdraws.
    redactions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        # decisions_today on every queue page: a count bounded by today's decisions, not all of them.
        indexes = [models.Index(fields=["moderator", "created_at"], name="decision_moderator_time")]

    def __str__(self):
        return f"{self.action} on {self.story_id}"

    @property
    def is_appealable(self) -> bool:
        return self.action in (self.Action.REJECT, self.Action.REQUEST_CHANGES, self.Action.APPROVE_REDACTED) and not self.undone_at


class AppealQuerySet(models.QuerySet):
    def pending(self):
        """Appeals no senior has decided yet."""
        return self.filter(outcome="")


class Appeal(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "", _("Waiting for review")
        UPHELD = "upheld", _("Decision upheld")
        OVERTURNED = "overturned", _("Decision overturned")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True, default="")
    note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        # A senior's queue page counts the open appeals on every request: only those are indexed.
        indexes = [models.Index(fields=["created_at"], condition=models.Q(outcome=""), name="appeal_pending")]

    def __str__(self):
        return f"appeal of decision {self.decision_id}"


class Flag(models.Model):
    """A visitor's flag on a published story. Carries no identity, by design."""

    class Reason(models.TextChoices):
        IDENTIFIES = "identifies-me-or-someone", _("It identifies me or someone else")
        SPAM = "spam", _("It is spam")
        HARMFUL = "harmful", _("It is harmful")
        OTHER = "other", _("Something else")

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=32, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="flag_created_at")]

    def __str__(self):
        return f"flag {self.reason} on {self.story_id}"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the audit log is append-only")

    def delete(self):
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """Append-only record of every moderator and system action. Never story text.

    The model refuses updates and deletes, and on PostgreSQL a trigger
    refuses them in the database too.
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)  # not a foreign key: the log outlives accounts
    actor_name = models.CharField(max_length=150)  # "system" for machine actions
    action = models.CharField(max_length=40, db_index=True)
    story_public_id = models.CharField(max_length=16, blank=True, db_index=True)
    reason_code = models.CharField(max_length=32, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("audit entries")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.story_public_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit log is append-only")


class ModeratorSettings(models.Model):
    """One moderator's wellbeing settings: how story text is shown before they open it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_settings")
    blur = models.BooleanField(_("Blur story text until I open it"), default=True)
    greyscale = models.BooleanField(_("Show story text in greyscale"), default=True)

    class Meta:
        verbose_name_plural = _("moderator settings")

    def __str__(self):
        return f"settings of {self.user_id}"

    @classmethod
    def for_user(cls, user) -> "ModeratorSettings":
        """Return the user's settings, or unsaved defaults."""
        return cls.objects.filter(user=user).first() or cls(user=user)
