"""Moderation workflows, one module per domain. Each runs in one transaction and writes its audit row there.

Stories change state only through stories.services; these modules decide
when and record why. Callers use the names re-exported here
(`from moderation import services; services.decide(...)`).
"""

from moderation.services.appeals import decide_appeal, file_appeal, latest_decision
from moderation.services.audit import audit, on_story_event, record_read
from moderation.services.claims import claim_story, release_all_claims, release_claim, renew_claim
from moderation.services.decisions import (
    approve_batch,
    bulk_reject,
    bulk_restore,
    decide,
    escalate_story,
    restore_from_spam,
    undo_decision,
)
from moderation.services.errors import ModerationError
from moderation.services.flags import flag_story
from moderation.services.redaction import (
    REDACTED,
    dismiss_signal,
    edit_text,
    open_personal_data,
    redact_signal,
    redact_span,
)
from moderation.services.screening import (
    give_up_screening,
    screen_story_by_id,
    screening_config,
    store_signals,
    sweep_unscreened,
)

__all__ = [
    "REDACTED",
    "ModerationError",
    "approve_batch",
    "audit",
    "record_read",
    "bulk_reject",
    "bulk_restore",
    "claim_story",
    "decide",
    "decide_appeal",
    "dismiss_signal",
    "edit_text",
    "escalate_story",
    "file_appeal",
    "flag_story",
    "give_up_screening",
    "latest_decision",
    "on_story_event",
    "open_personal_data",
    "redact_signal",
    "redact_span",
    "release_all_claims",
    "release_claim",
    "renew_claim",
    "restore_from_spam",
    "screen_story_by_id",
    "screening_config",
    "store_signals",
    "sweep_unscreened",
    "undo_decision",
]
