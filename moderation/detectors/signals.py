"""What a detector finds (a Signal) and what screening returns (a ScreeningResult)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class Signal:
    """One finding: a typed span of the screened text with a confidence and a reason.

    `reason` never quotes the matched text; store `text_hash()` to compare spans later.
    """

    type: str
    start: int
    end: int
    confidence: float
    reason: str

    def text_hash(self, text: str, *, key: bytes | None = None) -> str:
        """Return the SHA-256 (HMAC-SHA-256 with `key`) hex digest of this span of `text`."""
        return span_hash(text[self.start:self.end], key=key)


@dataclass(frozen=True)
class ScreeningResult:
    signals: tuple[Signal, ...]
    priority: str  # "P0" (most urgent) .. "P3"
    lane: str  # "queue" or "spam"
    language: str  # ISO 639-1 code, or "und"
    language_confidence: float
    crisis: bool

    @property
    def types(self) -> frozenset[str]:
        return frozenset(s.type for s in self.signals)

    @property
    def lane_reason(self) -> str:
        """Say why the story is in the spam lane, for the moderator; "" in the queue."""
        if self.lane != "spam":
            return ""
        evidence = [s for s in self.signals if s.type in ("spam", "flood") and s.confidence >= 0.5]
        return max(evidence, key=lambda s: s.confidence).reason if evidence else ""


def span_hash(span: str, *, key: bytes | None = None) -> str:
    """Hash a matched span so that it can be compared without being kept.

    Phone and ID numbers are few enough to enumerate, so pass a secret `key` when the hash is stored.
    """
    data = span.encode("utf-8")
    if key:
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()

