"""Find spam: advertising wording, commercial links, screaming runs of one character."""

from __future__ import annotations

import re
from dataclasses import replace

from moderation.detectors.concepts import find_matches
from moderation.detectors.config import ScreeningConfig
from moderation.detectors.meaning import classifier_signals, concept_signals
from moderation.detectors.signals import Signal
from moderation.detectors.text import overlaps_any
from moderation.detectors.tokens import Token, tokenize

_REPEATED_CHARS = re.compile(r"([^\W\d_]|[!?$€*])\1{9,}")
_SPAM_WORDS = re.compile(
    r"\b(?:earn\s+\$\s?\d+|\$\d+\s+(?:a|per)\s+day|click\s+here|buy\s+now|order\s+now|no\s+prescription|"
    r"promo\s+code|discount\s+code|hot\s+singles|girls\s+near\s+you|free\s+followers|investment\s+opportunity|"
    r"whatsapp\s+me|dm\s+me\s+for|gana\s+dinero|dinero\s+fácil|haz\s+clic|gagner\s+de\s+l['’]argent|cliquez\s+ici)"
)


_CUES = frozenset({"spamcue"})
# A price as shops write it: "$24.99", "19,90 €", "only $7", "desde 15 euros", "$1.99/min".
_PRICE = re.compile(
    r"(?:\b(?:only|just|from|starting\s+at|solo|s[oó]lo|desde|por\s+solo|a\s+partir\s+de|seulement|d[eè]s|[àa]\s+partir\s+de|pour\s+seulement)\s+)"
    r"(?:[$€£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:[$€£]|usd|eur|euros?|dollars?|d[oó]lares|pesos)(?!\w))"
    r"|(?:[$€£]\s?\d+[.,](?:99|95|90|49)|\d+[.,](?:99|95|90|49)\s?(?:[$€£]|usd|eur|euros?|dollars?|d[oó]lares|pesos)(?!\w))"
    r"|(?:[$€£]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?[$€£])\s?/\s?(?:min|mes|mois|month|mo|hr|h)\b"
)
# What sells: one of these is needed before the other evidence counts (a call to act alone is a helpline).
_SELLING_CUES = frozenset({"an offer", "recruiting", "pay per period", "a price"})


def _structural(text: str, lowered: str, tokens: list[Token], has_contact: bool) -> list[Signal]:
    """Return spam signals from pieces of evidence that are innocent apart: an offer, a call to act, recruiting, pay per day, a contact.

    "Up to 70 % off", "call now", "we are looking for girls", "100 dollars a day" and a phone number
    each appear in testimonies; a story holding something that sells, another piece and a way to
    reach the seller is advertising. Without the contact it is only shown (below the spam lane).
    """
    cues = find_matches(text, tokens, _CUES)
    if not cues:
        return []  # a price alone is never enough: most stories skip the price pattern
    kinds = {m.rule.key for m in cues}
    spans = [(tokens[m.start].start, tokens[m.end].end) for m in cues]
    for price in _PRICE.finditer(lowered):
        kinds.add("a price")
        spans.append(price.span())
    if not kinds & _SELLING_CUES:
        return []
    offers = {id(m.rule) for m in cues if m.rule.key == "an offer"}
    enough = len(kinds) >= 2 or len(offers) >= 2
    if not enough:
        return []
    confidence, evidence = (0.8, " + ".join(sorted(kinds)) + " + a contact") if has_contact else (0.45, " + ".join(sorted(kinds)))
    return [Signal("spam", start, end, confidence, f"spam evidence: {evidence}") for start, end in spans]


def _mostly_numbers(tokens: list[Token], signal: Signal) -> bool:
    """Tell whether a third or more of a window's words are numbers: ages, years, sums and phone numbers
    fill testimonies, and the classifier, trained on prices and phone numbers in spam, weighs them."""
    words = [t for t in tokens if signal.start <= t.start < signal.end]
    return 3 * sum(t.form.isdigit() for t in words) >= len(words)


def _domain_in(host: str, domains: frozenset[str]) -> bool:
    host = host.removeprefix("www.")
    return host in domains or any(host.endswith("." + d) for d in domains)


def find_spam(
    text: str, lowered: str, urls, phones, config: ScreeningConfig, *, tokens: list[Token] | None = None,
    contacts: list[Signal] = (),
) -> list[Signal]:
    """Return spam signals: advertising wording (phrases, concept rules, the classifier), commercial links.

    A shortened or link-hub URL alone is only a url signal (a survivor may link her own post);
    with advertising wording it is spam. `contacts` are the story's e-mails and handles: with an
    offer and a second piece of evidence, they make it advertising.
    """
    tokens = tokens if tokens is not None else tokenize(text)
    signals = []
    for m in _REPEATED_CHARS.finditer(text):
        run = m.end() - m.start()
        if run >= config.repeated_char_min_run:
            # "NOOOOOOOOOO" inside a story is a scream, not spam: flag it, keep the story in the queue.
            visible = sum(not c.isspace() for c in text)
            confidence = 0.8 if run / visible >= 0.5 else 0.3
            signals.append(Signal("spam", m.start(), m.end(), confidence, "long run of one repeated character"))
    wording = [Signal("spam", m.start(), m.end(), 0.6, "advertising words") for m in _SPAM_WORDS.finditer(lowered)]
    wording += [s for s in concept_signals("spam", text, tokens) if not overlaps_any(s.start, s.end, wording)]
    evidence = _structural(text, lowered, tokens, bool(urls or phones or contacts))
    wording += [s for s in evidence if s.confidence >= 0.8 and not overlaps_any(s.start, s.end, wording)]
    shown = [s for s in evidence if s.confidence < 0.8 and not overlaps_any(s.start, s.end, wording)]
    scored = [s for s in classifier_signals("spam", tokens, already=wording, max_confidence=config.spam_classifier_max_confidence,
                                            min_probability=config.spam_classifier_min_probability)
              if not _mostly_numbers(tokens, s)]
    for signal, host in urls:
        if _domain_in(host, config.spam_domains) or any(w in host for w in config.spam_domain_words):
            signals.append(replace(signal, type="spam", confidence=0.8, reason="link to a commercial site"))
        elif wording:
            kind = "shortened link" if _domain_in(host, config.shortener_domains) else "link"
            signals.append(replace(signal, type="spam", confidence=0.8, reason=f"{kind} with advertising words"))
        elif phones and not _domain_in(host, config.shortener_domains | config.link_hub_domains):
            # A survivor may give someone's number and profile together: keep that in the queue.
            signals.append(replace(signal, type="spam", confidence=0.4, reason="phone number and link together"))
    # A classifier score is shown, but only named wording makes a link spam.
    return signals + wording + shown + scored
