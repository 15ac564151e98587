"""The closed choice lists a voice may carry. Never free text.

Every question has one explicit "Prefer not to say" (UNSAID, counted as such) besides leaving it
blank ("—", not given): two different answers, two different buckets.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment")
    ASSAULT = "assault", _("Assault")
    BOTH = "both", _("Both")
    UNSAID = "unsaid", _("Prefer not to say")


class Setting(models.TextChoices):
    WORKPLACE = "workplace", _("Workplace")
    SCHOOL = "school", _("School or university")
    HOME = "home", _("Home or family")
    PUBLIC = "public", _("Public place")
    ONLINE = "online", _("Online")
    HEALTHCARE = "healthcare", _("Healthcare")
    RELIGIOUS = "religious", _("Religious setting")
    OTHER = "other", _("Other")
    UNSAID = "unsaid", _("Prefer not to say")


class AgeGroup(models.TextChoices):
    UNDER_13 = "under13", _("Under 13")
    TEEN = "13-17", _("13–17")
    YOUNG_ADULT = "18-24", _("18–24")
    ADULT = "25plus", _("25 or older")
    UNSAID = "unsaid", _("Prefer not to say")


class Relation(models.TextChoices):
    STRANGER = "stranger", _("A stranger")
    ACQUAINTANCE = "acquaintance", _("An acquaintance")
    FRIEND = "friend", _("A friend")
    PARTNER = "partner", _("A partner or ex")
    FAMILY = "family", _("A family member")
    AUTHORITY = "authority", _("A superior or someone in authority")
    OTHER = "other", _("Someone else")
    UNSAID = "unsaid", _("Prefer not to say")


class ToldBefore(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSAID = "unsaid", _("Prefer not to say")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "nonbinary", _("Non-binary")
    UNSAID = "unsaid", _("Prefer not to say")


CONTEXT_FIELDS = {
    "kind": (Kind, _("What happened")),
    "setting": (Setting, _("Where it happened")),
    "age_group": (AgeGroup, _("Your age at the time")),
    "relation": (Relation, _("Who did it")),
    "told_before": (ToldBefore, _("Had you told anyone before?")),
    "gender": (Gender, _("Your gender")),
}


class Anonymity(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous — no name shown")
    PSEUDONYM = "pseudonym", _("A name I choose")
    NAMED = "named", _("My account's name")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


PENDING_STATUSES = frozenset({Status.RECEIVED, Status.IN_REVIEW})
