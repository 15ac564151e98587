"""Run every detector over a story and decide its priority and lane."""

from __future__ import annotations

from collections.abc import Iterable

from moderation.detectors.abuse import find_abuse
from moderation.detectors.addresses import find_addresses
from moderation.detectors.config import PERSONAL_DATA_TYPES, ScreeningConfig, default_config
from moderation.detectors.contacts import find_emails, find_handles, find_urls
from moderation.detectors.crisis import find_crisis
from moderation.detectors.duplicates import find_duplicates
from moderation.detectors.id_numbers import find_id_numbers
from moderation.detectors.language import detect_language
from moderation.detectors.names import find_person_names
from moderation.detectors.phones import find_phones, find_written_out_phones
from moderation.detectors.signals import ScreeningResult, Signal
from moderation.detectors.spam import find_spam
from moderation.detectors.text import drop_overlaps, lower_keeping_length, overlaps_any
from moderation.detectors.tokens import tokenize


def _priority(types: set[str]) -> str:
    if "crisis" in types:
        return "P0"
    if types & PERSONAL_DATA_TYPES:
        return "P1"
    if "person_name" in types:
        return "P2"
    return "P3"


def screen_text(
    text: str,
    *,
    config: ScreeningConfig | None = None,
    recent_texts: Iterable[tuple[str, str]] = (),
    recent_similar_count: int = 0,
    same_text_copies: int = 0,
    same_text_senders: int = 0,
) -> ScreeningResult:
    """Screen one story; return its signals, queue priority, lane and language.

    `text` is the NFC-normalised story and every span indexes it. `recent_texts` are (id, text)
    pairs of recent stories to compare with; `recent_similar_count` is how many similar stories
    the caller saw inside its flood window. `same_text_copies` and `same_text_senders` say how
    often this very text (normalised) came in the flood window and from how many senders
    (`stories.flood_memory`).

    The spam lane takes a story only on spam evidence: advertising wording or a commercial link, or
    the same text many times from few senders (a machine). Similarity alone, however many similar
    stories came, is a wave of testimonies: it is shown, and the story stays in the queue.
    """
    config = config or default_config()
    lowered = lower_keeping_length(text)
    tokens = tokenize(text)

    emails = find_emails(text, lowered)
    urls = [(s, host) for s, host in find_urls(text, lowered) if not overlaps_any(s.start, s.end, emails)]
    url_signals = [s for s, _ in urls]
    handles = [s for s in find_handles(text, lowered) if not overlaps_any(s.start, s.end, emails + url_signals)]
    id_numbers = find_id_numbers(text, lowered)
    phones = [s for s in find_phones(text, config) if not overlaps_any(s.start, s.end, id_numbers)]
    # A number spaced digit by digit may also read, in part, as a shorter number: keep the longest.
    written = [s for s in find_written_out_phones(text, lowered) if not overlaps_any(s.start, s.end, id_numbers)]
    phones = drop_overlaps(phones + written) if written else phones
    # A digit run that libphonenumber reads as a phone number is a phone number, not a card.
    id_numbers = [s for s in id_numbers if not (s.reason.startswith("payment") and overlaps_any(s.start, s.end, phones))]
    addresses = find_addresses(text, lowered)
    taken = emails + url_signals + handles + addresses
    names = [s for s in find_person_names(text, lowered, config, tokens=tokens) if not overlaps_any(s.start, s.end, taken)]

    signals = [
        *phones, *emails, *url_signals, *handles, *addresses, *id_numbers, *names,
        *find_crisis(text, config=config, lowered=lowered, tokens=tokens),
        *find_abuse(text, lowered, config=config, tokens=tokens, places=addresses),
        *find_spam(text, lowered, urls, phones, config, tokens=tokens, contacts=emails + handles),
        *find_duplicates(text, recent_texts, config),
    ]
    if recent_similar_count >= config.flood_threshold:
        signals.append(Signal("flood", 0, len(text), 0.5,
                              f"{recent_similar_count} similar stories in the flood window (a wave, not spam by itself)"))
    machine_flood = same_text_copies >= config.flood_min_copies and 0 < same_text_senders <= config.flood_max_senders
    if machine_flood:
        signals.append(Signal("flood", 0, len(text), 0.95,
                              f"the same text {same_text_copies} times from {same_text_senders} sender(s) in the flood window"))
    signals.sort(key=lambda s: (s.start, s.end, s.type))

    types = {s.type for s in signals}
    crisis = "crisis" in types
    to_spam_lane = machine_flood or any(
        s.type == "spam" and s.confidence >= config.spam_lane_min_confidence for s in signals
    )
    language, language_confidence = detect_language(text, config)
    return ScreeningResult(
        signals=tuple(signals),
        priority=_priority(types),
        lane="spam" if to_spam_lane and not crisis else "queue",
        language=language,
        language_confidence=language_confidence,
        crisis=crisis,
    )
