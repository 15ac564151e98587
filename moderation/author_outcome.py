"""What an author is told about the moderation of their story: a typed, read-only answer."""

from dataclasses import dataclass

from moderation.changes import AuthorChange, as_author_changes
from moderation.models import Appeal, Decision, Review
from moderation.reasons import REASONS
from stories.choices import PENDING_STATUSES
from stories.models import Story


@dataclass(frozen=True)
class AuthorOutcome:
    """The latest decision on a story as its author may see it."""

    decision: Decision | None
    reason_label: str = ""
    reason_description: str = ""
    note: str = ""
    redactions: tuple[dict, ...] = ()
    changes: tuple[AuthorChange, ...] = ()  # each change the author is shown: kind, before and after
    appeal: Appeal | None = None
    can_appeal: bool = False
    approved: bool = False
    # Screening (in the worker) found crisis language; the author pages then lead with crisis help.
    crisis: bool = False


def outcome_for_author(story: Story) -> AuthorOutcome:
    """Return what the author may know of the moderation of `story` (no decision while it waits)."""
    review = Review.objects.filter(story=story).only("crisis").first()
    crisis = bool(review and review.crisis)
    decision = None
    if story.status not in PENDING_STATUSES:
        decision = (
            Decision.objects.standing().filter(story=story).select_related("appeal").latest_first().first()
        )
    if decision is None:
        return AuthorOutcome(decision=None, crisis=crisis)
    label, description = REASONS.get(decision.reason_code, ("", ""))
    try:
        appeal = decision.appeal
    except Appeal.DoesNotExist:
        appeal = None
    return AuthorOutcome(
        decision=decision,
        reason_label=label,
        reason_description=description,
        note=decision.note,
        redactions=tuple(decision.redactions),
        changes=tuple(as_author_changes(decision.redactions)),
        appeal=appeal,
        can_appeal=decision.is_appealable and appeal is None and decision.version == story.version,
        approved=decision.action in (Decision.Action.APPROVE, Decision.Action.APPROVE_REDACTED),
        crisis=crisis,
    )
