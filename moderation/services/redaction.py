"""Redaction and edits: what a moderator changes in a story's text before deciding."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from moderation import screening
from moderation.changes import NOT_REDACTABLE_SIGNALS, ChangeKind, edit_changes, kind_for_signal, redaction
from moderation.models import Signal
from moderation.services.audit import audit
from moderation.services.claims import locked_for_moderator
from moderation.services.errors import ModerationError
from moderation.services.screening import screening_config, store_signals
from stories import services as story_services
from stories.models import Story
from stories.sanitize import clean_text

REDACTED = "[removed]"


def redact_span(*, story_id: int, moderator, version: int, start: int, end: int, kind: str = ChangeKind.OTHER, expected: str = "") -> Story:
    """Replace one span of the text by "[removed]" as a kind of detail; the author will see what changed."""
    if kind not in ChangeKind.values:
        raise ModerationError(_("Choose what kind of detail this is."), code="bad_kind")
    with transaction.atomic():
        story, review = locked_for_moderator(story_id, moderator, version)
        if not (0 <= start < end <= len(story.text)):
            raise ModerationError(_("That part of the text does not exist (any more)."), code="out_of_range")
        if expected and story.text[start:end] != expected:
            raise ModerationError(_("The selection did not match the text. Select it again."), code="selection_mismatch")
        old_version, before = story.version, story.text[start:end]
        new_text = story.text[:start] + REDACTED + story.text[end:]
        shift = len(REDACTED) - (end - start)
        story_services.replace_text_by_moderator(story=story, text=new_text)
        _carry_signals(story, old_version, start, end, shift)
        review.redactions = [*review.redactions, redaction(at=start, before=before, after=REDACTED, kind=kind)]
        review.save(update_fields=["redactions"])
        audit(actor=moderator, action="redacted", story=story, detail={"removed_chars": end - start, "kind": kind})
    return story


def _carry_signals(story: Story, old_version: int, start: int, end: int, shift: int) -> None:
    """Move the old version's signals to the new version, shifting spans after the redaction."""
    for signal in Signal.objects.filter(story=story, version=old_version):
        signal.pk = None
        signal.version = story.version
        if signal.start < end and signal.end > start:  # overlapping: gone with the redaction
            signal.resolution = Signal.Resolution.REDACTED
            signal.start, signal.end = start, start + len(REDACTED)
        elif signal.start >= end:
            signal.start += shift
            signal.end += shift
        signal.save()


def redact_signal(*, story_id: int, moderator, version: int, signal_id: int, kind: str = "") -> Story:
    """Redact a highlighted signal, as the kind of detail it points at unless the moderator says otherwise."""
    signal = Signal.objects.filter(pk=signal_id, story_id=story_id, version=version).first()
    if signal is None:
        raise ModerationError(_("That highlighted part no longer exists. Reload the story."), code="no_signal")
    if signal.type in NOT_REDACTABLE_SIGNALS:
        raise ModerationError(_("This highlight is not personal data; follow the procedure shown for it."), code="not_redactable")
    return redact_span(
        story_id=story_id, moderator=moderator, version=version, start=signal.start, end=signal.end,
        kind=kind or kind_for_signal(signal.type),
    )


def dismiss_signal(*, story_id: int, moderator, version: int, signal_id: int) -> Signal:
    """Mark a signal as a false alarm (e.g. a helpline number), with an audit row."""
    with transaction.atomic():
        story, _review = locked_for_moderator(story_id, moderator, version)
        signal = Signal.objects.filter(pk=signal_id, story=story, version=story.version).first()
        if signal is None:
            raise ModerationError(_("That highlighted part no longer exists. Reload the story."), code="no_signal")
        if signal.type in NOT_REDACTABLE_SIGNALS:
            raise ModerationError(_("This highlight is not personal data; follow the procedure shown for it."), code="not_redactable")
        signal.resolution = Signal.Resolution.DISMISSED
        signal.save(update_fields=["resolution"])
        audit(actor=moderator, action="signal_dismissed", story=story, detail={"type": signal.type})
    return signal


def edit_text(*, story_id: int, moderator, version: int, text: str, reason: str) -> Story:
    """Replace the text freely (a moderator's edit, with its reason); it is screened again at once."""
    if reason not in ChangeKind.values:
        raise ModerationError(_("Say what kind of detail the edit removes or changes."), code="reason_required")
    with transaction.atomic():
        story, review = locked_for_moderator(story_id, moderator, version)
        cleaned = clean_text(text)
        if not cleaned:
            raise ModerationError(_("The text cannot be empty. Reject the story instead."), code="empty")
        if len(cleaned) > settings.STORY_MAX_CHARS:
            raise ModerationError(_("The edited text is longer than the limit."), code="too_long")
        dismissed = set(
            Signal.objects.filter(story=story, version=story.version, resolution=Signal.Resolution.DISMISSED)
            .values_list("type", "text_hash")
        )
        changes = edit_changes(story.text, cleaned, kind=reason)
        if not changes:
            raise ModerationError(_("The edited text is the same as before; nothing was changed."), code="unchanged")
        story_services.replace_text_by_moderator(story=story, text=cleaned)
        store_signals(story=story, result=screening.screen_text(cleaned, config=screening_config()), keep_dismissed=dismissed)
        review.redactions = [*review.redactions, *changes]
        review.save(update_fields=["redactions"])
        audit(actor=moderator, action="edited", story=story, detail={"kind": reason, "pieces": len(changes)})
    return story


def open_personal_data(story: Story) -> list[Signal]:
    return list(
        Signal.objects.filter(
            story=story, version=story.version, type__in=screening.PERSONAL_DATA_TYPES, resolution=Signal.Resolution.OPEN
        )
    )
