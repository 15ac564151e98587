"""What a moderator changed in a story's text, recorded so the author can see every change.

Each change is a plain dict stored with the review (while the moderator works)
and then with the decision: {"kind", "at", "before", "after", "removed_chars",
"edited"}. "before" is the author's own text; it is erased with the story's
text when the author withdraws or the text is purged.
"""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from moderation.models import Decision


class ChangeKind(models.TextChoices):
    NAME = "name", _("a name")
    PLACE = "place", _("a place")
    CONTACT = "contact", _("contact details")
    PHONE = "phone", _("a phone number")
    OTHER = "other", _("another identifying detail")


# What kind of detail a screening signal points at, when a moderator removes it.
SIGNAL_KINDS = {
    "person_name": ChangeKind.NAME,
    "address": ChangeKind.PLACE,
    "phone": ChangeKind.PHONE,
    "email": ChangeKind.CONTACT,
    "handle": ChangeKind.CONTACT,
    "url": ChangeKind.CONTACT,
}


# Signals that are not personal data: a crisis is handled by the crisis procedure, and the
# whole-text signals by the decision. They offer neither "Remove" nor "Not personal data".
NOT_REDACTABLE_SIGNALS = frozenset({"crisis", "duplicate", "flood", "spam"})


def kind_for_signal(signal_type: str) -> str:
    return SIGNAL_KINDS.get(signal_type, ChangeKind.OTHER)


def redaction(*, at: int, before: str, after: str, kind: str) -> dict:
    return {"kind": kind, "at": at, "before": before, "after": after, "removed_chars": len(before), "edited": False}


def edit_changes(old: str, new: str, *, kind: str) -> list[dict]:
    """Split a free edit into its changed pieces (word by word), each with what it was and what it became.

    Pieces separated only by whitespace are one change ("by my boss" → "by someone at work").
    """
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces = []  # [old_start, old_end, new_start, new_end] in words
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if pieces and all(not word.strip() for word in old_words[pieces[-1][1]:a1]):
            pieces[-1][1], pieces[-1][3] = a2, b2
        else:
            pieces.append([a1, a2, b1, b2])
    changes = []
    for a1, a2, b1, b2 in pieces:
        before, after = "".join(old_words[a1:a2]), "".join(new_words[b1:b2])
        changes.append({
            "kind": kind, "at": len("".join(old_words[:a1])), "before": before, "after": after,
            "removed_chars": max(0, len(before) - len(after)), "edited": True,
        })
    return changes


def is_real_change(change: dict) -> bool:
    # Records from before changes kept their text count only by their length.
    if "before" not in change:
        return bool(change.get("removed_chars")) or bool(change.get("edited"))
    return change["before"] != change["after"]


@dataclass(frozen=True)
class AuthorChange:
    """One change to an author's text, as their page shows it."""

    kind: str
    kind_label: str
    before: str
    after: str
    edited: bool
    removed_chars: int


def as_author_changes(records: list[dict]) -> list[AuthorChange]:
    labels = dict(ChangeKind.choices)
    changes = []
    for record in records:
        if not is_real_change(record):
            continue
        kind = record.get("kind", ChangeKind.OTHER)
        changes.append(AuthorChange(
            kind=kind, kind_label=str(labels.get(kind, labels[ChangeKind.OTHER])),
            before=record.get("before", ""), after=record.get("after", ""),
            edited=bool(record.get("edited")), removed_chars=int(record.get("removed_chars") or 0),
        ))
    return changes


def changes_for_author(story) -> list[AuthorChange]:
    """Return every change moderators made to the story's text under its standing decision, in text order."""
    decision = Decision.objects.standing().filter(story=story).latest_first().only("redactions").first()
    if decision is None:
        return []
    return as_author_changes(decision.redactions)
