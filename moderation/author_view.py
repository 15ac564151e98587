"""What an author is told about the moderation of their story."""

from moderation.models import Appeal, Decision, Review
from moderation.reasons import REASONS


def outcome_for_author(story) -> dict | None:
    """Return the latest decision on a story as the author may see it, or None."""
    review = Review.objects.filter(story=story).only("crisis").first()
    decision = (
        Decision.objects.standing().filter(story=story).select_related("appeal").latest_first().first()
        if story.status not in ("received", "screened", "in_review")
        else None
    )
    crisis = bool(review and review.crisis)
    if decision is None:
        return {"crisis": crisis, "decision": None, "can_appeal": False} if crisis else None
    label, description = REASONS.get(decision.reason_code, ("", ""))
    try:
        appeal = decision.appeal
    except Appeal.DoesNotExist:
        appeal = None
    return {
        "crisis": crisis,
        "decision": decision,
        "reason_label": label,
        "reason_description": description,
        "note": decision.note,
        "redactions": decision.redactions,
        "appeal": appeal,
        "can_appeal": decision.is_appealable and appeal is None and decision.version == story.version,
        "approved": decision.action in (Decision.Action.APPROVE, Decision.Action.APPROVE_REDACTED),
    }
