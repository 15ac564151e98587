"""Which support lines a visitor sees, and in what order (SUPPORT_RESOURCES in settings)."""

from django.conf import settings
from django.utils.translation import get_language

CRISIS = "crisis"


def _visitor_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _language_first(resources: list[dict]) -> list[dict]:
    """Put the lines in the visitor's language first, those whose main language it is before the rest.

    A line's "languages" lists its main language first (988 in the US: English, then Spanish).
    sorted() is stable, so ties keep the settings' order (988 first of all).
    """
    language = _visitor_language()

    def rank(resource: dict) -> int:
        languages = list(resource.get("languages", ()))
        return languages.index(language) if language in languages else len(settings.LANGUAGES)

    return sorted(resources, key=rank)


def crisis_resources() -> list[dict]:
    """Return the suicide and self-harm crisis lines, those in the visitor's language first."""
    return _language_first([r for r in settings.SUPPORT_RESOURCES if r.get("kind") == CRISIS])


def support_resources(*, crisis: bool = True) -> list[dict]:
    """Return every support line (or every line but the crisis ones), the visitor's language first."""
    return _language_first([r for r in settings.SUPPORT_RESOURCES if crisis or r.get("kind") != CRISIS])
