"""Find spam: advertising wording, commercial links, screaming runs of one character."""

from __future__ import annotations

import re
from dataclasses import replace

from moderation.detectors.config import ScreeningConfig
from moderation.detectors.signals import Signal

_REPEATED_CHARS = re.compile(r"([^\W\d_]|[!?$€*])\1{9,}")
_SPAM_WORDS = re.compile(
    r"\b(?:earn\s+\$\s?\d+|\$\d+\s+(?:a|per)\s+day|click\s+here|buy\s+now|order\s+now|no\s+prescription|"
    r"promo\s+code|discount\s+code|hot\s+singles|girls\s+near\s+you|free\s+followers|investment\s+opportunity|"
    r"whatsapp\s+me|dm\s+me\s+for|gana\s+dinero|dinero\s+fácil|haz\s+clic|gagner\s+de\s+l['’]argent|cliquez\s+ici)"
)


def _domain_in(host: str, domains: frozenset[str]) -> bool:
    host = host.removeprefix("www.")
    return host in domains or any(host.endswith("." + d) for d in domains)


def find_spam(text: str, lowered: str, urls, phones, config: ScreeningConfig) -> list[Signal]:
    signals = []
    for m in _REPEATED_CHARS.finditer(text):
        run = m.end() - m.start()
        if run >= config.repeated_char_min_run:
            # "NOOOOOOOOOO" inside a story is a scream, not spam: flag it, keep the story in the queue.
            visible = sum(not c.isspace() for c in text)
            confidence = 0.8 if run / visible >= 0.5 else 0.3
            signals.append(Signal("spam", m.start(), m.end(), confidence, "long run of one repeated character"))
    spam_words = list(_SPAM_WORDS.finditer(lowered))
    for signal, host in urls:
        if _domain_in(host, config.shortener_domains):
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link through a URL shortener"))
        elif _domain_in(host, config.spam_domains) or any(w in host for w in config.spam_domain_words):
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link to a commercial site"))
        elif spam_words:
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link with advertising words"))
        elif phones:
            # A survivor may give someone's number and profile together: keep that in the queue.
            signals.append(replace(signal, type="spam", confidence=0.4, reason="phone number and link together"))
    if not urls:
        for m in spam_words:
            signals.append(Signal("spam", m.start(), m.end(), 0.6 if phones else 0.5, "advertising words"))
    return signals


