"""The fast crisis detector, run in the request so the author sees crisis help at once.

A thin wrapper over the screening rules until the detectors package replaces
it (keeping this name and signature).
"""

from moderation import screening


def find_crisis(text: str) -> list[screening.Signal]:
    """Return the crisis signals in `text` (empty when there is no crisis language)."""
    return screening._find_crisis(text, screening._lower_keeping_length(text), screening._default_config())
