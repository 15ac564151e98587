"""Tell the language of a story."""

from __future__ import annotations

import functools
import re

from moderation.detectors.config import ScreeningConfig, default_config

_LANGUAGE_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|[\d_]+")
# The text's bytes cut after each space: a word and the space after it (the last piece may be empty).
_PIECE = re.compile(rb"[^ ]* ?")
# How many (state, piece) walks an identifier keeps before it starts again (about 200 bytes each).
WALKS_KEPT = 65536
# The longest piece whose walk is kept: a walk's memory grows with its piece (a 200-character text with
# no space is one piece, ~4.5 kB kept in CJK), so such pieces, rare in prose, are walked and not kept.
PIECE_BYTES_KEPT = 32


@functools.cache
def _identifier_class():
    """py3langid's identifier, walking its byte automaton once per word it has seen in that state.

    py3langid reads a text byte by byte through an automaton of ~38,000 states × 256 bytes (a 39 MB
    table, and two lists of 100,000 Python ints): each byte costs several cache misses, which made
    the 200 characters it reads a sixth of a story's screening in a worker (in a loop over the same
    few texts it looks cheap: the states stay in cache). The walk from a state over a word is always
    the same, so it is kept: a text's features come out in the same order, the counts are the same
    Counter and the scores the same to the last bit (its own _sparse_score and _decide do the rest).
    """
    from collections import Counter

    from py3langid.langid import LanguageIdentifier

    class WalkingIdentifier(LanguageIdentifier):
        __slots__ = ("_walks",)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._walks = {}

        def _walk(self, state: int, piece: bytes) -> tuple[tuple[int, ...], int]:
            # py3langid.langid.visit_counts's loop, over one piece.
            nextmove, rowbase, output = self.tk_nextmove, self._rowbase, self.tk_output
            found = []
            for letter in piece:
                state = nextmove[rowbase[state] + letter]
                feature = output[state]
                if feature >= 0:
                    found.append(feature)
            return tuple(found), state

        def _raw_score(self, text):
            walks = self._walks
            if len(walks) > WALKS_KEPT:
                walks.clear()
            state, indexes = 0, []
            for piece in _PIECE.findall(text):
                if len(piece) > PIECE_BYTES_KEPT:
                    walk = self._walk(state, piece)
                else:
                    walk = walks.get((state, piece))
                    if walk is None:
                        walk = walks[(state, piece)] = self._walk(state, piece)
                indexes += walk[0]
                state = walk[1]
            if indexes:
                return self._sparse_score(Counter(indexes), self.nb_ptc)
            return super()._raw_score(text)  # no features: py3langid's own answer for that

    return WalkingIdentifier


@functools.cache
def _language_identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE

    identifier = _identifier_class().from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages([code for code in languages if code in identifier.labels])
    return identifier


def detect_language(text: str, config: ScreeningConfig | None = None) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence), or ("und", confidence) when too short or unsure."""
    config = config or default_config()
    words = _LANGUAGE_NOISE.sub(" ", text[: config.language_max_chars + 200])[: config.language_max_chars]
    if sum(map(str.isalpha, words)) < config.language_min_chars:
        return "und", 0.0
    code, confidence = _language_identifier(config.languages).classify(words)
    confidence = round(float(confidence), 3)
    if confidence < config.language_min_confidence:
        return "und", confidence
    return code, confidence


