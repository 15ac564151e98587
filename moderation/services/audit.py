"""The audit log: every moderation action appends its row in the transaction that made the change."""

from moderation.models import Appeal, AuditEntry, Decision, Lane, Review
from stories.models import Story


def audit(*, actor, action: str, story: Story | None = None, reason_code: str = "", detail: dict | None = None) -> AuditEntry:
    """Append one row to the audit log. actor None means the system; "author" an author."""
    if actor is None:
        actor_id, actor_name = None, "system"
    elif actor == "author":
        actor_id, actor_name = None, "author"
    else:
        actor_id, actor_name = actor.pk, actor.get_username()
    return AuditEntry.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        story_public_id=story.public_id if story else "",
        reason_code=reason_code,
        detail=detail or {},
    )


def on_story_event(*, story: Story, action: str) -> None:
    """Hear from stories that a story was edited, withdrawn or had its text purged.

    Logs only the fact. When the text is erased, what the author wrote in
    appeals is erased with it.
    """
    if action in ("withdrawn", "text_purged"):
        Appeal.objects.filter(decision__story=story).update(message="", note="")
        # The changes kept for the author hold pieces of their text: they go with it.
        Decision.objects.filter(story=story).update(redactions=[])
        # Nothing is left to decide: the review leaves the open lanes (their counts never join the stories).
        Review.objects.filter(story=story).update(redactions=[], lane=Lane.DONE, claimed_by=None, claimed_until=None)
    actor = None if action == "text_purged" else "author"
    audit(actor=actor, action=f"author_{action}" if actor else action, story=story)


def record_read(*, story: Story, moderator) -> AuditEntry:
    """Log that a moderator opened a story's full text (never the text itself)."""
    return audit(actor=moderator, action="read_full_text", story=story)
