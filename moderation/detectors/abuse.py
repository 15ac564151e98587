"""Find hostility aimed at survivors: threats, victim-blaming, slurs."""

from __future__ import annotations

import re

from moderation.detectors.signals import Signal
from moderation.detectors.wordlists import phrase_list

# Words of the abuser that a survivor quotes ("he said 'you wanted it'") are testimony, not abuse.
_REPORTED_SPEECH = re.compile(
    r"(?:\b(?:said|says|told\s+me|telling\s+me|kept\s+saying|would\s+say|whispered|asked|asking|"
    r"called\s+me|labell?ed\s+me|me\s+dijo|me\s+decía|me\s+decia|me\s+preguntó|me\s+pregunto|"
    r"m['’]a\s+dit|me\s+disait|m['’]a\s+demandé)\b[^.!?\n]{0,12}|[\"“«'‘]\s*)$"
)
_FIRST_PERSON_BEFORE = re.compile(r"\b(?:i|i['’]m|me|my|myself|yo|soy|je|j['’]|moi|suis)\b[^.!?\n]{0,20}$")
_SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?\n])\s*$")
_STANDS_ALONE_AFTER = re.compile(r"\s*(?:[.!,?]|$)")

def find_abuse(text: str, lowered: str) -> list[Signal]:
    signals = []
    for m, lang, flag in phrase_list("abuse.txt").finditer(lowered):
        before = lowered[max(0, m.start() - 40):m.start()]
        if _REPORTED_SPEECH.search(before):
            continue
        if flag == "label" and _FIRST_PERSON_BEFORE.search(before):
            continue
        if flag in ("alone", "start") and not _SENTENCE_START_BEFORE.search(before):
            continue
        if flag == "alone" and not _STANDS_ALONE_AFTER.match(lowered, m.end()):
            continue
        signals.append(Signal("abuse", m.start(), m.end(), 0.8, f"hostility aimed at survivors [{lang}]"))
    return signals



