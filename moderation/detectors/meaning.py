"""Signals by meaning, shared by the crisis, abuse and spam detectors: concept rules and the classifier.

Both work on the story's tokens (words with lemmas). A concept rule names what it found ("wish to
die", "threat"); the classifier gives a score and the words that weighed most. Each detector adds
its own checks (the past for crisis, quoted words of an abuser for abuse).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from moderation.detectors.classifier import score_windows
from moderation.detectors.concepts import concept, find_matches
from moderation.detectors.signals import Signal
from moderation.detectors.text import overlaps_any
from moderation.detectors.tokens import Token

_SENTENCE_END = re.compile(r"[.!?\n;]")


_PARTICIPLE = re.compile(r"(?:ado|ido|ada|ida|echo|isto|crito|uesto|ierto)$")


def _spanish_first_person(tokens: list[Token], k: int) -> bool:
    """Spanish "he" before a participle is "I have" ("he buscado"), not English "he"."""
    return tokens[k].form == "he" and k + 1 < len(tokens) and bool(_PARTICIPLE.search(tokens[k + 1].form))


def _others_slot():
    return concept("OTHERS")


def concept_signals(
    kind: str, text: str, tokens: list[Token], *, skip: Callable[[int, int], bool] | None = None,
    about_others_skips: bool = False,
) -> list[Signal]:
    """Return a signal per concept-rule match of `kind`; `skip(start, end)` drops a match by its span."""
    others = _others_slot() if about_others_skips else None
    signals = []
    for match in find_matches(text, tokens, frozenset({kind})):
        start, end = tokens[match.start].start, tokens[match.end].end
        if others is not None and any(
            others.matches(tokens[k]) and not _SENTENCE_END.search(text, tokens[k].end, start)
            and not _spanish_first_person(tokens, k)
            for k in range(max(0, match.start - 2), match.start)
        ):
            continue  # "he wanted me dead", "she killed herself": about someone else
        if skip is not None and skip(start, end):
            continue
        signals.append(Signal(kind, start, end, match.rule.confidence, f"{kind} concept: {match.rule.key}"))
    return _longest_per_reason(signals)


def classifier_signals(
    kind: str, tokens: list[Token], *, already: list[Signal], max_confidence: float,
    skip: Callable[[int, int], bool] | None = None, min_probability: float = 0.0,
) -> list[Signal]:
    """Return a signal per window the classifier scores as `kind` that no rule already explained."""
    signals = []
    for window in score_windows(tokens, (kind,)):
        if window.probability < min_probability:
            continue
        if overlaps_any(window.start, window.end, already + signals):
            continue
        if skip is not None and skip(window.start, window.end):
            continue
        if not window.words:
            continue  # a score no word explains (character n-grams of unknown words) is not shown
        words = ", ".join(window.words)
        signals.append(Signal(kind, window.start, window.end, round(min(max_confidence, window.probability), 3),
                              f"{kind} classifier {window.probability:.2f} (words: {words})"))
    return signals


def _longest_per_reason(signals: list[Signal]) -> list[Signal]:
    """Several rules often match one phrase: keep one signal per overlapping group, the most confident."""
    kept: list[Signal] = []
    for s in sorted(signals, key=lambda s: (-s.confidence, s.start - s.end)):
        if not overlaps_any(s.start, s.end, kept):
            kept.append(s)
    return sorted(kept, key=lambda s: s.start)
