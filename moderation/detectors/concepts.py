"""Concept rules: sequences of concepts over words and lemmas, with room for words in between.

A rule such as `@WANT @DIE` matches "i want to die", "i really just wanna be dead", "quiero
morirme", "je voudrais mourir": each slot is a concept (a set of lemmas and word forms, see
`moderation/wordlists/concepts.txt`), up to three words may stand between two slots, never across
the end of a sentence. The rule's key is the reason a moderator reads.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path

from moderation.detectors.tokens import Token, strip_accents

CONCEPTS_FILE = Path(__file__).resolve().parent.parent / "wordlists" / "concepts.txt"
DEFAULT_GAP = 3
NUMBER = "#"  # in a slot, any number written in digits
# A full stop ends a sentence, but not in a price or a decimal ("$2.99") or before a web address's ending
# ("linktr.ee", "shop.com"): advertising writes both in the middle of its sentences.
_SENTENCE_END = re.compile(
    r"[!?\n;]|\.(?!(?<=\d\.)\d)(?!(?:com|net|org|ee|ly|io|co|me|gg|link|bio|app|shop|store|site|online|fr|es|mx|ar|uk)(?![^\W\d_]))"
)
_CLAUSE_END = re.compile(r"[.!?\n;,:]")
_START, _FORM, _LEMMAS = itemgetter(0), itemgetter(2), itemgetter(3)  # Token's fields, read at C speed


@dataclass(frozen=True)
class Slot:
    words: frozenset[str]
    prefixes: tuple[str, ...]
    gap: int  # words allowed before this slot (after the previous one)
    optional: bool
    forms: frozenset[str] = frozenset()  # written "word=": this form only, not the other forms of its lemma

    def matches(self, token: Token) -> bool:
        if token.form in self.forms or token.form in self.words or not self.words.isdisjoint(token.lemmas):
            return True
        if NUMBER in self.words and token.form.isdigit():
            return True
        return bool(self.prefixes) and token.form.startswith(self.prefixes)


@dataclass(frozen=True)
class Rule:
    type: str
    confidence: float
    key: str
    slots: tuple[Slot, ...]
    reject_negated: bool
    reject_after: frozenset[str] = frozenset()  # a match followed by one of these words is something else
    reject_before: frozenset[str] = frozenset()  # ... or with one of these among the four words before it
    at_end: bool = False  # the match must end its clause ("i just can't anymore", not "i can't anymore sleep")
    # For each later slot that must match and can only match listed words: the words it needs.
    needed: tuple[frozenset[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "needed", tuple(
            _shared(slot.words | slot.forms) for slot in self.slots[1:]
            if not slot.optional and not slot.prefixes and NUMBER not in slot.words
        ))


# Rules share concepts: equal sets of needed words are one object, so a story checks each set once.
_SHARED_SETS: dict[frozenset[str], frozenset[str]] = {}


def _shared(words: frozenset[str]) -> frozenset[str]:
    return _SHARED_SETS.setdefault(words, words)


@dataclass(frozen=True)
class Match:
    rule: Rule
    start: int  # first token index
    end: int  # last token index, inclusive


def _parse_words(spec: str, concepts: dict[str, list[str]]) -> list[str]:
    words = []
    for part in spec.split("|"):
        if part.startswith("@"):
            words.extend(concepts[part[1:]])
        elif part:
            words.append(strip_accents(part))
    return words


@functools.cache
def rules() -> tuple[Rule, ...]:
    """Read the concept rules once per process."""
    return _read()[1]


@functools.cache
def concept(name: str) -> Slot:
    """Return one concept of the rules file as a slot, to test words against it."""
    words = _read()[0][name]
    return _slot(words, 0, False)


def _slot(words: list[str], gap: int, optional: bool) -> Slot:
    return Slot(
        words=frozenset(w for w in words if not w.endswith(("*", "="))),
        prefixes=tuple(w[:-1] for w in words if w.endswith("*")),
        gap=gap,
        optional=optional,
        forms=frozenset(w[:-1] for w in words if w.endswith("=")),
    )


@functools.cache
def _read() -> tuple[dict[str, list[str]], tuple[Rule, ...]]:
    concepts: dict[str, list[str]] = {}
    parsed = []
    for line in CONCEPTS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("="):
            name, words = line[1:].split(":", 1)
            concepts[name.strip()] = [strip_accents(w) for w in words.split()]
            continue
        head, body = line.split(":", 1)
        kind, confidence, key = head.split(None, 2)
        parts = body.split()
        reject_negated, reject_after, reject_before, at_end = False, frozenset(), frozenset(), False
        while parts[-1].startswith("!"):
            flag = parts.pop()
            if flag == "!neg":
                reject_negated = True
            elif flag == "!end":
                at_end = True
            elif flag.startswith("!after:"):
                reject_after = frozenset(strip_accents(w) for w in flag[7:].split("|"))
            elif flag.startswith("!before:"):
                reject_before = frozenset(strip_accents(w) for w in flag[8:].split("|"))
        slots, gap = [], DEFAULT_GAP
        for part in parts:
            if part.startswith("+"):
                gap = int(part[1:])
                continue
            optional = part.endswith("?")
            words = _parse_words(part.rstrip("?"), concepts)
            slots.append(_slot(words, gap if slots else 0, optional))
            gap = DEFAULT_GAP
        while slots and slots[0].optional:
            slots.pop(0)  # a rule starts at its first required slot
        slots[0] = Slot(slots[0].words, slots[0].prefixes, 0, False, slots[0].forms)
        parsed.append(Rule(kind, float(confidence), key, tuple(slots), reject_negated, reject_after, reject_before, at_end))
    return concepts, tuple(parsed)


@functools.cache
def rule_words() -> frozenset[str]:
    """Every word the rules name, so that the lemma table keeps all their forms."""
    return frozenset(w for rule in rules() for slot in rule.slots for w in slot.words if w != NUMBER)


def _negation() -> Slot:
    return concept("NEG")


def sentence_numbers(text: str, tokens: list[Token]) -> list[int]:
    """Number each token by its sentence, so a rule never joins the end of one to the next."""
    breaks = [m.start() for m in _SENTENCE_END.finditer(text)]
    if not breaks:
        return [0] * len(tokens)
    # A token's number is how many sentence ends come before it: the tokens from cuts[k] on have k + 1.
    starts = list(map(_START, tokens))
    cuts = [0, *(bisect_right(starts, at) for at in breaks), len(tokens)]
    return list(chain.from_iterable(repeat(number, cuts[number + 1] - cuts[number]) for number in range(len(cuts) - 1)))


def _match_from(rule: Rule, tokens: list[Token], sentences: list[int], first: int) -> int | None:
    """Return the index of the last token of a match whose first slot is at `first`, or None."""
    position = first
    for slot in rule.slots[1:]:
        found = None
        for j in range(position + 1, min(position + 2 + slot.gap, len(tokens))):
            if sentences[j] != sentences[first]:
                break
            if slot.matches(tokens[j]):
                found = j
                break
        if found is None:
            if slot.optional:
                continue
            return None
        position = found
    return position


@functools.cache
def _first_slot_index(kinds: frozenset[str] | None) -> tuple[dict[str, tuple[Rule, ...]], tuple[Rule, ...]]:
    """Rules by the words of their first slot, so each token looks up only the rules it can start."""
    by_word: dict[str, list[Rule]] = {}
    with_prefixes = []
    for rule in rules():
        if kinds is not None and rule.type not in kinds:
            continue
        for word in rule.slots[0].words:
            by_word.setdefault(word, []).append(rule)
        if rule.slots[0].prefixes or rule.slots[0].forms or NUMBER in rule.slots[0].words:
            with_prefixes.append(rule)  # checked word by word (a number has no word to look up)
    return {w: tuple(r) for w, r in by_word.items()}, tuple(with_prefixes)


@functools.lru_cache(maxsize=65536)
def _candidates_of(form: str, lemmas: tuple[str, ...]) -> tuple[Rule, ...]:
    """The rules whose first slot this word matches (the same word often, so cached: one tuple per word)."""
    by_word, with_prefixes = _first_slot_index(None)
    token = Token(0, 0, form, lemmas)
    found = list(by_word.get(token.form, ()))
    for lemma in token.lemmas:
        if lemma != token.form:
            found.extend(r for r in by_word.get(lemma, ()) if r not in found)
    found.extend(r for r in with_prefixes if r not in found and r.slots[0].matches(token))
    return tuple(found)


# Crisis, abuse and spam of one story read the same tokens: match every rule once per story
# (per thread: a web process screens in its request threads).
_last_matched = threading.local()


def find_matches(text: str, tokens: list[Token], kinds: frozenset[str] | None = None) -> list[Match]:
    """Return every rule match in the tokens (one per rule and start), of the given kinds."""
    last = getattr(_last_matched, "value", None)
    if last is None or last[0] is not tokens:
        last = _last_matched.value = (tokens, _all_matches(text, tokens))
    return [m for m in last[1] if kinds is None or m.rule.type in kinds]


def _all_matches(text: str, tokens: list[Token]) -> list[Match]:
    if not tokens:
        return []
    forms = list(map(_FORM, tokens))
    lemmas = list(map(_LEMMAS, tokens))
    sentences = sentence_numbers(text, tokens)
    negation = _negation()
    # Every word and lemma of the story: a rule one of whose slots needs a word the story does not
    # have cannot match anywhere in it, so it is never tried (the same matches, fewer attempts).
    present = set(forms)
    present.update(chain.from_iterable(lemmas))
    has: dict[int, bool] = {}  # id(needed words) -> whether the story holds one of them
    # id(a word's candidates) -> (the candidates, kept alive so that no other tuple takes the id, those the story can match)
    viable: dict[int, tuple[tuple[Rule, ...], list[Rule]]] = {}
    matches = []
    for i, candidates in enumerate(map(_candidates_of, forms, lemmas)):
        if not candidates:
            continue
        known = viable.get(id(candidates))
        if known is not None:
            rules = known[1]
        else:
            rules = []
            viable[id(candidates)] = (candidates, rules)
            for rule in candidates:
                for words in rule.needed:
                    found = has.get(id(words))
                    if found is None:
                        found = has[id(words)] = not words.isdisjoint(present)
                    if not found:
                        break
                else:
                    rules.append(rule)
        for rule in rules:
            end = _match_from(rule, tokens, sentences, i) if len(rule.slots) > 1 else i
            if end is None:
                continue
            if rule.reject_negated and any(
                negation.matches(tokens[k]) for k in range(max(0, i - 3), i) if sentences[k] == sentences[i]
            ):
                continue
            if rule.reject_after and end + 1 < len(tokens) and tokens[end + 1].form in rule.reject_after:
                continue
            if rule.reject_before and any(tokens[k].form in rule.reject_before for k in range(max(0, i - 4), i)):
                continue
            if rule.at_end and end + 1 < len(tokens) and not _CLAUSE_END.search(text, tokens[end].end, tokens[end + 1].start):
                continue
            matches.append(Match(rule, i, end))
    return matches
