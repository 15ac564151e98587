"""What an author is told about the moderation of their story."""


def outcome_for_author(story) -> dict | None:
    """Return the latest decision on a story as the author may see it, or None."""
    return None
