"""Regexes for word lists, shaped so that Python's engine stays fast on long stories."""

from __future__ import annotations

import re


def trie_pattern(words) -> str:
    """Return a regex (no groups) matching any of `words`, shaped as a trie: "tw(?:o|elve|enty)".

    An alternation of whole words makes the engine try every word at every position; the trie tries
    one branch per letter, which keeps a search through a 1,000-character story a few microseconds.
    """
    groups: dict[str, list[str]] = {}
    ends = False
    for word in words:
        if word:
            groups.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    if not groups:
        return ""
    parts = [re.escape(first) + trie_pattern(rests) for first, rests in sorted(groups.items())]
    body = parts[0] if len(parts) == 1 and not ends else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if ends else body
