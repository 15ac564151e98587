"""Signals the stories services send, so other apps can act in the same transaction.

Stories imports no other app: moderation connects its receivers in
ModerationConfig.ready(). Both are sent with `send()` before the change is
committed, so a receiver that fails leaves nothing changed.
"""

from django.dispatch import Signal

# A new story, just before its row is written (it has no id yet; what a receiver sets on it, such as
# crisis_help_shown, is written with the row). Keyword arguments: story.
story_submitted = Signal()

# After a story changed. Keyword arguments: story, action ("edited", "withdrawn" or "text_purged").
story_changed = Signal()

EDITED = "edited"
WITHDRAWN = "withdrawn"
TEXT_PURGED = "text_purged"
