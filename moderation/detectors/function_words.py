"""Closed-class words of the three languages, which no name, account or site is called."""

from __future__ import annotations

import functools

from moderation.detectors.wordlists import read_wordlist


@functools.cache
def function_words() -> frozenset[str]:
    """Determiners, pronouns, prepositions, conjunctions, common adverbs, chat words (folded)."""
    return frozenset(w for line in read_wordlist("function_words.txt") for w in line.split())
