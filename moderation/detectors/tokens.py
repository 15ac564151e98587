"""Words of a story with their spans and lemmas, for the concept rules and the classifier.

The lemma table is a compact slice of simplemma's dictionaries for English, Spanish and French
(only the word forms of lemmas the corpus and the concept rules use), written by
`manage.py build_screening_model`; at run time no lemmatiser is loaded. Words are compared
lower-cased and without accents, as people type them on phones.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

MODEL_DIR = Path(__file__).resolve().parent / "model"
LEMMA_TABLE = MODEL_DIR / "lemmas.json"

# Letters only; an apostrophe splits French elisions ("t'habites" -> "t", "habites") and "don't" -> "don", "t".
_WORD = re.compile(r"[^\W\d_]+|\d+")


class Token(NamedTuple):
    """One word: its span in the text, its folded form and lemmas (a tuple, cheap to make by the hundred)."""

    start: int
    end: int
    form: str  # lower-cased, accents removed
    lemmas: tuple[str, ...]  # the form's lemmas (accents removed); the form itself when unknown


@functools.lru_cache(maxsize=65536)
def strip_accents(word: str) -> str:
    """Lower-case and remove accents: "Tomás" -> "tomas"."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def lemma_table() -> dict[str, tuple[str, ...]]:
    """Return form -> lemmas, read once per process (empty before the model is first built)."""
    if not LEMMA_TABLE.exists():
        return {}
    raw = json.loads(LEMMA_TABLE.read_text(encoding="utf-8"))
    return {form: tuple(lemmas.split("|")) for form, lemmas in raw["lemmas"].items()}


# Token's own constructor checks its arguments in Python; a story has hundreds of tokens.
_new_tuple = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Split `text` into word tokens with their spans, folded forms and lemmas."""
    tokens = []
    append, find = tokens.append, text.find
    end = 0
    # findall is cheaper than a match object per word; each word is then found from the previous
    # one's end, at its own place: what lies between two words holds no character a word is made of.
    for word in _WORD.findall(text):
        start = find(word, end)
        end = start + len(word)
        form, lemmas = _word(word)
        append(_new_tuple(Token, (start, end, form, lemmas)))
    return tokens


@functools.lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, tuple[str, ...]]:
    form = strip_accents(word)
    return form, lemma_table().get(form) or (form,)
