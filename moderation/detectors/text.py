"""Small helpers on text and spans shared by the detectors."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from moderation.detectors.signals import Signal

UPPER = "A-ZÀ-ÖØ-Þ"


LOWER = "a-zß-öø-ÿ"


_TRAILING_PUNCT = ".,;:!?)]}'\"»"


@functools.lru_cache(maxsize=8192)
def fold(word: str) -> str:
    """Lower-case and strip accents, for word-list look-ups."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def overlaps_any(start: int, end: int, signals: Iterable[Signal]) -> bool:
    return any(start < s.end and s.start < end for s in signals)


def drop_overlaps(signals: list[Signal]) -> list[Signal]:
    """Keep the longest of overlapping signals (of one type)."""
    kept: list[Signal] = []
    for s in sorted(signals, key=lambda s: (s.start - s.end, -s.confidence, s.start)):
        if not overlaps_any(s.start, s.end, kept):
            kept.append(s)
    return kept


def lower_keeping_length(text: str) -> str:
    """Lower-case `text` so that every index still points at the same character."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # "İ" lowers to two characters


def preceded_by(text: str, start: int, chars: str) -> bool:
    """True when the character before `start` is alphanumeric or one of `chars`."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in chars)


def strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING_PUNCT:
        # Keep a closing bracket whose opening one is inside the link.
        if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
            break
        end -= 1
    return end
