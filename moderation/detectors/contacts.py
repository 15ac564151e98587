"""Find e-mail addresses, links and social media handles."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors.signals import Signal
from moderation.detectors.text import overlaps_any, preceded_by, strip_trailing

_EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}\b")
# "name (at) gmail (dot) com", "name[at]gmail.com", "name at gmail dot com". A plain " at " needs a
# written "dot", so "look at instagram.com" stays a link.
_EMAIL_OBFUSCATED = re.compile(
    r"[a-z0-9._%+\-]+\s*"
    r"(?:(?:\(at\)|\[at\]|\{at\})\s*[a-z0-9\-]+\s*(?:\(dot\)|\[dot\]|\{dot\}|\sdot\s|\.)"
    r"|\sat\s+[a-z0-9\-]+\s*(?:\(dot\)|\[dot\]|\{dot\}|\sdot\s))"
    r"\s*(?:com|net|org|edu|fr|es|de|mx|co\.uk|co|uk|ie|io|info)\b"
)
_OBFUSCATION_HINT = re.compile(r"\(at\)|\[at\]|\{at\}| dot ")

_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|co|ly|me|tv|app|dev|xyz|online|site|shop|store|blog|club|"
    "live|news|art|page|link|top|uk|fr|es|de|it|nl|be|ch|at|ie|pt|mx|ar|cl|br|ca|us|au|nz|in|jp|cn|ru|"
    "pl|se|no|dk|fi|eu|cat|to|gg|ai|sh|ws|cc|gl|gd|im|fm|ms|ee|id|lt|lv|cz|sk|hu|ro|gr|tr|za|ng|ke|ph|sg|my"
)
# TLDs that are everyday words too: "at the party.it was late" and "work.im scared" are no links
# unless something else says "link": a path, a hyphen or digit in the name, a subdomain, a known site.
_WORD_TLDS = frozenset(
    "it to me in is at be no so us do go my on am an as by he hi if la le se el tu te mi ma un et ne ce si ya "
    "yo lo al id im ca es de top art news live club shop store page link site blog online app cat ms sh".split()
)
_URL_SCHEME = re.compile(r"(?:https?://|ftp://|www\d?\.)[^\s<>\"'«»]+")
_URL_HINT = re.compile(r"[A-Za-z0-9]\.[a-z]")
_URL_BARE = re.compile(
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+)(" + _TLDS + r")(?![\w\-@])"
    r"(/[^\s<>\"'«»]*|[?#][^\s<>\"'«»]+)?"
)
_MAX_URL_LENGTH = 300
_KNOWN_SHORT_DOMAINS = frozenset({"t.me", "t.co", "x.com", "wa.me", "fb.me", "youtu.be", "g.co", "vm.tiktok.com"})
_CLOCK_TIME = re.compile(r"\d{1,2}(?:[:.h]\d{2})?(?:am|pm|h)?", re.IGNORECASE)
_HANDLE = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
_HANDLE_PREFIXED = re.compile(
    r"\b(?:ig|insta|instagram|snap|snapchat|sc|tiktok|tt|twitter|fb|facebook|discord|telegram|kik|threads)"
    r"\s*[:=]\s*@?([a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)"
)


def find_emails(text: str, lowered: str) -> list[Signal]:
    signals = []
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if not preceded_by(text, m.start(), "._%+-"):
                signals.append(Signal("email", m.start(), m.end(), 0.95, "e-mail address"))
    if _OBFUSCATION_HINT.search(lowered):
        for m in _EMAIL_OBFUSCATED.finditer(lowered):
            if not preceded_by(lowered, m.start(), "._%+-") and not overlaps_any(m.start(), m.end(), signals):
                signals.append(Signal("email", m.start(), m.end(), 0.8, "e-mail address written out"))
    return signals


def _bare_domain_matches(text: str) -> Iterator[re.Match]:
    """Search for bare domains only inside the words that hold a "x.y", and only in words of a sane length."""
    token_end = -1
    for hint in _URL_HINT.finditer(text):
        if hint.start() < token_end:
            continue  # same word as the previous hint
        token_start = max(text.rfind(" ", 0, hint.start()), text.rfind("\n", 0, hint.start())) + 1
        token_end = min((i for i in (text.find(" ", hint.end()), text.find("\n", hint.end())) if i != -1),
                        default=len(text))
        if token_end - token_start <= _MAX_URL_LENGTH:
            yield from _URL_BARE.finditer(text, token_start, token_end)


def find_urls(text: str, lowered: str) -> list[tuple[Signal, str]]:
    """Return url signals, each with its lower-cased host."""
    found: list[tuple[Signal, str]] = []
    for m in _URL_SCHEME.finditer(lowered):
        if preceded_by(text, m.start(), "_"):
            continue
        end = strip_trailing(text, m.start(), m.end())
        host = re.sub(r"^[a-z]+://", "", lowered[m.start():end])
        host = re.split(r"[/?#]", host, maxsplit=1)[0]
        found.append((Signal("url", m.start(), end, 0.95, "link"), host))
    taken = [s for s, _ in found]
    for m in _bare_domain_matches(text):
        if preceded_by(text, m.start(), "@.-/_") or overlaps_any(m.start(), m.end(), taken):
            continue
        labels, tld, path = m.group(1), m.group(2), m.group(3)
        host = (labels + tld).lower()
        if host not in _KNOWN_SHORT_DOMAINS and len(labels.split(".")[0]) < 2:
            continue
        looks_like_a_site = (
            (path and len(path) > 1)
            or host in _KNOWN_SHORT_DOMAINS
            or labels.count(".") >= 2
            or any(c.isdigit() or c == "-" for c in labels)
        )
        if tld in _WORD_TLDS and not looks_like_a_site:
            continue
        if not any(c.islower() for c in labels) and not path:
            continue  # shouting, not a domain
        end = strip_trailing(text, m.start(), m.end())
        found.append((Signal("url", m.start(), end, 0.85 if path else 0.75, "link to a website"), host))
    return found


def find_handles(text: str, lowered: str) -> list[Signal]:
    signals = []
    if "@" in text:
        for m in _HANDLE.finditer(text):
            if preceded_by(text, m.start(), "_@./"):
                continue  # an e-mail address or part of a link
            if m.group(1).isdigit() or _CLOCK_TIME.fullmatch(m.group(1)):
                continue  # "@12" or "meet @9pm" is no handle
            signals.append(Signal("handle", m.start(), m.end(), 0.9, "social media handle"))
    if ":" in text or "=" in text:
        for m in _HANDLE_PREFIXED.finditer(lowered):
            if not overlaps_any(m.start(1), m.end(1), signals):
                signals.append(Signal("handle", m.start(1), m.end(1), 0.85, "social media account name"))
    return signals


