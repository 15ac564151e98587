"""Find exact and near duplicates of recent stories, and count similar ones for the flood check."""

from __future__ import annotations

import functools
import math
import re
import threading
from collections.abc import Iterable
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

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
        known.update(zip(missing, _ratios_over_cutoff(mine, missing, cutoff), strict=True))
    return [known[other] for other in others]


# How long a start and an end of the story the prefilter compares, per character a near duplicate may
# leave unmatched: long enough that unrelated text (whose common subsequence runs at about 55 % of the
# shorter text) falls short of the bound, short enough to cost a fraction of the whole comparison.
_ENDS_PER_SLACK = 1.9


def _ratios_over_cutoff(mine: str, others: list[str], cutoff: float) -> list[float]:
    """Return fuzz.ratio(mine, other) where it reaches `cutoff`, else 0 (as process.cdist with score_cutoff).

    fuzz.ratio is 200 * L / (len(mine) + len(other)), L the longest common subsequence; it reaches r
    only if L >= needed = r / 200 * (len(mine) + len(other)). In such a pairing at most
    len(other) - needed characters of the other are left out, so the first `ends` characters of mine
    are matched within the first ends + len(other) - needed + 1 of the other, and (the strings read
    backwards) the last `ends` of mine within as many last ones of the other. With 2 * ends <= len(mine)
    those are different characters of mine, and the ones between them match at most once each:
    L <= LCS(head of mine, head of other) + LCS(tail of mine, tail of other) + len(mine) - 2 * ends.
    When that bound stays under needed - 1, L is under it too (a whole character short, so far from
    any float rounding of the ratio) and the full comparison would give 0: it is skipped. The bound
    costs two comparisons of a fifth of the story (about 190 characters of a 1,000-character one: three 64-character words of the bit-parallel comparison) with a little more of the other, and rules out
    nearly every unrelated story.
    """
    length = len(mine)
    ends = math.ceil(length * (1 - cutoff / 100) * _ENDS_PER_SLACK) if cutoff > 0 else length
    if 2 * ends >= length or not others:
        return process.cdist([mine], others, scorer=fuzz.ratio, score_cutoff=cutoff)[0].tolist()  # float32 read out as the same floats
    needed = [cutoff / 200 * (length + len(other)) for other in others]
    reach = [ends + int(len(other) - need) + 1 for other, need in zip(others, needed, strict=True)]
    heads = [other[:n] for other, n in zip(others, reach, strict=True)]
    tails = [other[max(0, len(other) - n):] for other, n in zip(others, reach, strict=True)]
    common = process.cdist([mine[:ends]], heads, scorer=LCSseq.similarity)[0].tolist()
    common_tails = process.cdist([mine[-ends:]], tails, scorer=LCSseq.similarity)[0].tolist()
    middle = length - 2 * ends
    kept = [k for k, (head, tail, need) in enumerate(zip(common, common_tails, needed, strict=True)) if head + tail + middle >= need - 1]
    ratios = [0.0] * len(others)
    if kept:
        scores = process.cdist([mine], [others[k] for k in kept], scorer=fuzz.ratio, score_cutoff=cutoff)[0].tolist()
        for k, score in zip(kept, scores, strict=True):
            ratios[k] = score
    return ratios


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
    recent = recent_texts if isinstance(recent_texts, list) else list(recent_texts)
    prepared = list(map(_prepared, map(itemgetter(1), recent)))
    if mine in map(itemgetter(0), prepared):  # an exact duplicate (rare): find the first one, as read in order
        for (other_id, _), (other, other_stripped) in zip(recent, prepared, strict=True):
            if other == mine and other_stripped >= min_chars:
                return [Signal("duplicate", 0, len(text), 1.0, f"exact duplicate of story {other_id}")]
    lowest, highest = _close_lengths(len(mine), _length_factor(config))
    candidates = {
        other_id: other for (other_id, _), (other, other_stripped) in zip(recent, prepared, strict=True)
        if other_stripped >= min_chars and lowest <= len(other) <= highest
    }
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
