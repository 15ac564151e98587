"""Moderation's receivers for the stories signals (connected in ModerationConfig.ready()).

- A story submitted or edited: the fast crisis detector runs in the request, so the page the
  author sees next can lead with crisis help; the story records only that it did.
- A story edited, withdrawn or purged: moderation logs the fact (never the text) and, when the
  text is erased, erases what the author wrote in appeals with it.
"""

from moderation import services
from moderation.detectors.crisis import find_crisis
from stories import services as story_services
from stories.signals import EDITED, story_changed, story_submitted


def _show_crisis_help_if_needed(story) -> None:
    if find_crisis(story.text):
        story_services.record_crisis_help_shown(story=story)


def on_story_submitted(sender, *, story, **kwargs) -> None:
    _show_crisis_help_if_needed(story)


def on_story_changed(sender, *, story, action: str, **kwargs) -> None:
    services.on_story_event(story=story, action=action)
    if action == EDITED:
        _show_crisis_help_if_needed(story)


def connect() -> None:
    """Connect the receivers once (dispatch_uid makes a second call harmless)."""
    story_submitted.connect(on_story_submitted, dispatch_uid="moderation.on_story_submitted")
    story_changed.connect(on_story_changed, dispatch_uid="moderation.on_story_changed")
