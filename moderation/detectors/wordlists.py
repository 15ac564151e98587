"""The word lists in moderation/wordlists/, read once per process."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from moderation.detectors.text import fold

WORDLISTS_DIR = Path(__file__).resolve().parent.parent / "wordlists"




def read_wordlist(name: str) -> list[str]:
    lines = (WORDLISTS_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def known_first_names() -> frozenset[str]:
    return frozenset(fold(w.removesuffix("+").strip()) for w in read_wordlist("first_names.txt"))


@functools.cache
def first_names_also_surnames() -> frozenset[str]:
    return frozenset(fold(w.removesuffix("+").strip()) for w in read_wordlist("first_names.txt") if w.endswith("+"))


@functools.cache
def words_not_surnames() -> frozenset[str]:
    return frozenset(fold(w.strip()) for w in read_wordlist("not_surnames.txt"))


@functools.cache
def helpline_set(numbers: frozenset[str]) -> frozenset[str]:
    return frozenset(normalise_number(n) for n in numbers)


@functools.cache
def public_figure_set(names: frozenset[str]) -> frozenset[str]:
    return frozenset(" ".join(fold(n).replace("-", " ").split()) for n in names)


def normalise_number(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "+" + digits if number.strip().startswith("+") else digits


def _phrase_to_regex(phrase: str) -> str:
    """Turn one word-list phrase into a lower-case regex that starts after a word boundary."""
    if phrase.startswith("re:"):
        return phrase[3:]
    parts = []
    for ch in phrase.lower():
        if ch in "'’":
            parts.append("['’]?")
        elif ch in " -":
            parts.append(r"[\s\-]+")
        elif ch == "*":
            parts.append(r"\w*")
        else:
            parts.append(re.escape(ch))
    return "".join(parts) + ("" if phrase.endswith("*") else r"\b")


@dataclass(frozen=True)
class PhraseList:
    """A phrase list as one alternation, plus one regex per phrase to tell which one matched.

    The alternation runs on lower-cased text with no capture groups, so the regex engine rejects
    most branches on their first character: that keeps a 100-phrase list fast on long stories.
    """

    scanner: re.Pattern
    phrases: tuple[tuple[re.Pattern, str, str], ...]  # (regex, language, flag)

    def finditer(self, lowered: str) -> Iterator[tuple[re.Match, str, str]]:
        """Yield (match, language, flag) over text lower-cased by `lower_keeping_length`."""
        for m in self.scanner.finditer(lowered):
            for regex, lang, flag in self.phrases:
                if regex.fullmatch(lowered, m.start(), m.end()):
                    yield m, lang, flag
                    break


@functools.cache
def phrase_list(name: str) -> PhraseList:
    """Compile a LANG<TAB>PHRASE[<TAB>FLAG] word list."""
    patterns, phrases = [], []
    for line in read_wordlist(name):
        lang, phrase, *rest = (c.strip() for c in line.split("\t"))
        pattern = _phrase_to_regex(phrase)
        patterns.append(pattern)
        phrases.append((re.compile(pattern, re.IGNORECASE), lang, rest[0] if rest else ""))
    # Longest first, so that "je voulais mourir" wins over a shorter phrase that starts the same way.
    scanner = r"\b" + _factored(sorted(patterns, key=len, reverse=True))
    return PhraseList(re.compile(scanner), tuple(phrases))


_QUANTIFIERS = frozenset("*+?{")


def _top_level_bar(pattern: str) -> bool:
    """Tell whether `pattern` has a "|" outside every group and character class."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _head(pattern: str) -> str | None:
    """The literal character `pattern` starts with, when it is one character matched one way only."""
    if pattern and pattern[0].isalnum() and (len(pattern) == 1 or pattern[1] not in _QUANTIFIERS):
        return pattern[0]
    return None


def _factored(patterns: list[str]) -> str:
    """Return one group matching what "(?:" + "|".join(patterns) + ")" matches, the same alternative winning.

    Python's regex engine tries every alternative of an alternation at each word start; here the
    alternatives that begin with the same letter share one branch, and each branch's rests are
    factored again (a trie), so a word start tries a few letters instead of every phrase. Exact:
    alternatives that begin with different letters never match at one place, and within a letter the
    order is kept; a literal letter matches one way, so "a(?:x|y)" tries what "ax|ay" tries, in that
    order. An alternative that does not begin with a plain letter (or holds a "|" of its own) is
    kept where it stands, and the letters are only grouped between two such alternatives.
    """
    if len(patterns) < 2:
        return "(?:" + "|".join(patterns) + ")"
    parts, run = [], {}

    def close_run():
        for letter, rests in run.items():
            parts.append(letter + (_factored(rests) if len(rests) > 1 else "(?:" + rests[0] + ")" if rests[0] else ""))
        run.clear()

    for pattern in patterns:
        letter = None if _top_level_bar(pattern) else _head(pattern)
        if letter is None:
            close_run()
            parts.append(pattern)
        else:
            run.setdefault(letter, []).append(pattern[1:])
    close_run()
    return "(?:" + "|".join(parts) + ")"




@functools.cache
def derived_first_names() -> frozenset[str]:
    """First names from names-dataset (see moderation/wordlist_build.py), folded, plus the hand list."""
    return frozenset(read_wordlist("derived_first_names.txt")) | known_first_names()


@functools.cache
def derived_surnames() -> frozenset[str]:
    return frozenset(read_wordlist("derived_surnames.txt"))


@functools.cache
def ordinary_words() -> frozenset[str]:
    """Frequent dictionary words of en/es/fr: "rose", "grace", "last", "night" (not "kowalski", "juanjo")."""
    return frozenset(read_wordlist("derived_ordinary_words.txt"))


@functools.cache
def names_that_are_words() -> frozenset[str]:
    """First names that are everyday words too ("paz", "luz", "hope"): alone, they are words."""
    return frozenset(fold(w.strip()) for w in read_wordlist("names_that_are_words.txt"))
