"""Find exact and near duplicates of recent stories, and count similar ones for the flood check."""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Iterable
from operator import itemgetter

from rapidfuzz import fuzz, process

from moderation.detectors.config import ScreeningConfig, default_config
from moderation.detectors.signals import Signal

_NON_WORD = re.compile(r"[\W_]+")


def normalise_for_duplicates(text: str) -> str:
    """Case-fold and reduce to words, so that re-typed punctuation or spacing still matches."""
    return _NON_WORD.sub(" ", text.casefold()).strip()


# The caller passes much the same recent stories with every call: prepare each one only once.
@functools.lru_cache(maxsize=4096)
def _prepared(text: str) -> tuple[str, int]:
    """Return the text normalised for comparison and its length without surrounding space."""
    return normalise_for_duplicates(text), len(text.strip())


# The worker asks twice about the same story (count_similar for the flood window, then screen_text
# over all recent stories, which include the window): keep the last story's ratios, compute each once.
# (per thread: the web process re-screens in request threads.)
_last_ratios = threading.local()


def _ratios(mine: str, others: list[str], cutoff: float) -> list[float]:
    """Return fuzz.ratio(mine, other) for each other (0 below `cutoff`), reusing the last call's."""
    last = getattr(_last_ratios, "value", None)
    if last is None or last[0] != (mine, cutoff):
        last = _last_ratios.value = ((mine, cutoff), {})
    known = last[1]
    missing = list({other for other in others if other not in known})
    if missing:
        scores = process.cdist([mine], missing, scorer=fuzz.ratio, score_cutoff=cutoff)[0]
        known.update(zip(missing, scores.tolist(), strict=True))  # float32 read out as the same floats
    return [known[other] for other in others]


def _length_factor(config: ScreeningConfig) -> float:
    """A ratio of r% needs lengths within this factor of each other (ratio = 2 * common / total <= 2 * shorter / total)."""
    return config.near_duplicate_min_ratio / (200 - config.near_duplicate_min_ratio)


def _close_lengths(length: int, factor: float) -> tuple[int, float]:
    """Return (lowest, highest): the lengths b close enough to `length` are exactly lowest <= b <= highest.

    Close means factor * length <= b for b <= length, so b >= ceil(factor * length); and
    factor * b <= length for a longer b, which holds up to some b (factor * b never decreases as b
    grows): found by stepping from length / factor, with the same float products as the test.
    """
    if factor <= 0:
        return 0, math.inf
    lowest = math.ceil(factor * length)
    highest = max(length, math.floor(length / factor))
    while factor * (highest + 1) <= length:
        highest += 1
    while highest > length and factor * highest > length:
        highest -= 1
    return lowest, highest


def find_duplicates(text: str, recent_texts: Iterable[tuple[str, str]], config: ScreeningConfig) -> list[Signal]:
    min_chars = config.duplicate_min_chars
    mine, stripped = _prepared(text)
    if stripped < min_chars:
        return []
    lowest, highest = _close_lengths(len(mine), _length_factor(config))
    candidates = {}
    for other_id, other_text in recent_texts:
        other, other_stripped = _prepared(other_text)
        if other_stripped < min_chars:
            continue
        if other == mine:
            return [Signal("duplicate", 0, len(text), 1.0, f"exact duplicate of story {other_id}")]
        if lowest <= len(other) <= highest:
            candidates[other_id] = other
    if not candidates:
        return []
    ratios = _ratios(mine, list(candidates.values()), config.near_duplicate_min_ratio)
    ratio, other_id = max(zip(ratios, candidates, strict=True), key=itemgetter(0))
    if ratio < config.near_duplicate_min_ratio:
        return []
    return [Signal("duplicate", 0, len(text), round(ratio / 100, 3),
                   f"near duplicate of story {other_id} ({ratio:.0f}% similar)")]


def count_similar(text: str, others: Iterable[str], *, config: ScreeningConfig | None = None) -> int:
    """Count how many of `others` are exact or near duplicates of `text` (the caller's flood count)."""
    config = config or default_config()
    min_chars = config.duplicate_min_chars
    mine, stripped = _prepared(text)
    if stripped < min_chars:
        return 0
    # The same length bound as find_duplicates: a story too much shorter or longer cannot reach the ratio,
    # so it is never compared (the count is exactly the same, without the comparisons).
    lowest, highest = _close_lengths(len(mine), _length_factor(config))
    candidates = [
        other for other, other_stripped in map(_prepared, others)
        if other_stripped >= min_chars and lowest <= len(other) <= highest
    ]
    if not candidates:
        return 0
    return sum(r >= config.near_duplicate_min_ratio for r in _ratios(mine, candidates, config.near_duplicate_min_ratio))
