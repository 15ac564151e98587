"""Tell the language of a story."""

from __future__ import annotations

import functools
import re

from moderation.detectors.config import ScreeningConfig, default_config

_LANGUAGE_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|[\d_]+")


@functools.cache
def _language_identifier(languages: tuple[str, ...] | None):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages([code for code in languages if code in identifier.labels])
    return identifier


def detect_language(text: str, config: ScreeningConfig | None = None) -> tuple[str, float]:
    """Return (ISO 639-1 code, confidence), or ("und", confidence) when too short or unsure."""
    config = config or default_config()
    words = _LANGUAGE_NOISE.sub(" ", text[: config.language_max_chars + 200])[: config.language_max_chars]
    if sum(map(str.isalpha, words)) < config.language_min_chars:
        return "und", 0.0
    code, confidence = _language_identifier(config.languages).classify(words)
    confidence = round(float(confidence), 3)
    if confidence < config.language_min_confidence:
        return "und", confidence
    return code, confidence


