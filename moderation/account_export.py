"""Everything Chorus holds about an account, as plain data for the author's download.

Documented field by field in docs/account-export.md. Moderators stay unnamed: the author
sees what was decided and why, as on their story page, never who decided.
"""

from dataclasses import asdict

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from accounts.models import User, UserSession
from moderation.changes import as_author_changes
from moderation.models import Decision
from moderation.reasons import REASONS
from stories.choices import CONTEXT_FIELDS

EXPORT_VERSION = 1


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _decision(decision: Decision) -> dict:
    label, description = REASONS.get(decision.reason_code, ("", ""))
    try:
        appeal = decision.appeal
    except Decision.appeal.RelatedObjectDoesNotExist:
        appeal = None
    return {
        "action": decision.action,
        "reason_code": decision.reason_code,
        "reason": str(label),
        "reason_description": str(description),
        "note_to_author": decision.note,
        "changes": [asdict(change) for change in as_author_changes(decision.redactions)],
        "story_version": decision.version,
        "decided": _when(decision.created_at),
        "undone": _when(decision.undone_at),
        "appeal": None if appeal is None else {
            "message": appeal.message,
            "sent": _when(appeal.created_at),
            "outcome": appeal.outcome or "waiting",
            "note_to_author": appeal.note,
            "reviewed": _when(appeal.reviewed_at),
        },
    }


def export_account(*, user: User) -> dict:
    """Return the account, its sign-in methods and every story kept in it, with decisions and appeals."""
    stories = user.stories.select_related("campaign").prefetch_related("decisions__appeal").order_by("created_at", "pk")
    return {
        "format": "chorus-account-export",
        "version": EXPORT_VERSION,
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor_methods": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
            "joined": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
            "signed_in_sessions": UserSession.objects.filter(user_id=user.pk).count(),
        },
        "stories": [
            {
                "public_id": story.public_id,
                "campaign": story.campaign.slug,
                "text": story.text,
                "shown_as": story.anonymity,
                "display_name": story.display_name,
                "content_warning": story.content_warning,
                "context": {name: getattr(story, name) for name in CONTEXT_FIELDS},
                "status": story.status,
                "hidden": story.is_hidden,
                "version": story.version,
                "believed": story.believed,
                "crisis_help_shown": story.crisis_help_shown,
                "created": _when(story.created_at),
                "updated": _when(story.updated_at),
                "published": _when(story.published_at),
                "decisions": [_decision(decision) for decision in story.decisions.all()],
            }
            for story in stories
        ],
    }
