"""Screen story text for what a moderator must see before a story is published.

The detectors live in `moderation.detectors`, one module per kind of finding; this module is the
stable entry point the rest of the project imports. Pure Python on purpose (no Django at import
time): the screening task loads a story, calls `screen_text()`, and stores each signal's type, span,
confidence, reason and `text_hash()` — never the matched text itself.
"""

from moderation.detectors.assemble import screen_text
from moderation.detectors.config import (
    LANES,
    PERSONAL_DATA_TYPES,
    PRIORITIES,
    SIGNAL_TYPES,
    ScreeningConfig,
    config_from_settings,
)
from moderation.detectors.duplicates import count_similar
from moderation.detectors.language import detect_language
from moderation.detectors.signals import ScreeningResult, Signal, span_hash

__all__ = [
    "LANES", "PERSONAL_DATA_TYPES", "PRIORITIES", "SIGNAL_TYPES", "ScreeningConfig", "ScreeningResult",
    "Signal", "config_from_settings", "count_similar", "detect_language", "screen_text", "span_hash",
]
