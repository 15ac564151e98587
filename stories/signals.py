"""Signals the stories services send, so other apps can act in the same transaction.

Stories imports no other app: moderation connects its receivers in
ModerationConfig.ready(). Both are sent with `send()`, inside the service's
transaction, so a receiver that fails rolls the change back.
"""

from django.dispatch import Signal

# After a story row is created. Keyword arguments: story.
story_submitted = Signal()

# After a story changed. Keyword arguments: story, action ("edited", "withdrawn" or "text_purged").
story_changed = Signal()

EDITED = "edited"
WITHDRAWN = "withdrawn"
TEXT_PURGED = "text_purged"
