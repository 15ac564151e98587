"""Moderation workflows. Each runs in one transaction and writes its audit row there.

Stories change state only through stories.services; this module decides
when and records why.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation import screening
from moderation.models import Appeal, AuditEntry, Decision, Flag, Lane, Priority, Review, Signal
from moderation.reasons import REASONS
from stories import flood_memory
from stories import services as story_services
from stories.choices import Status
from stories.models import Story

logger = logging.getLogger(__name__)

REDACTED = "[removed]"
PRIORITY_ORDER = [p.value for p in Priority]


class ModerationError(Exception):
    """A moderation action was refused; the message is safe to show the moderator or author."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


# --- Audit -----------------------------------------------------------------------------


def audit(*, actor, action: str, story: Story | None = None, reason_code: str = "", detail: dict | None = None) -> AuditEntry:
    """Append one row to the audit log. actor None means the system; "author" an author."""
    if actor is None:
        actor_id, actor_name = None, "system"
    elif actor == "author":
        actor_id, actor_name = None, "author"
    else:
        actor_id, actor_name = actor.pk, actor.get_username()
    return AuditEntry.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        story_public_id=story.public_id if story else "",
        reason_code=reason_code,
        detail=detail or {},
    )


def on_story_event(*, story: Story, action: str) -> None:
    """Hear from stories that a story was edited, withdrawn or had its text purged.

    Logs only the fact. When the text is erased, what the author wrote in
    appeals is erased with it.
    """
    if action in ("withdrawn", "text_purged"):
        Appeal.objects.filter(decision__story=story).update(message="", note="")
    actor = None if action == "text_purged" else "author"
    audit(actor=actor, action=f"author_{action}" if actor else action, story=story)


# --- Screening ----------------------------------------------------------------------------


def _screening_key() -> bytes:
    return ("signal-span:" + settings.SECRET_KEY).encode()


def _recent_texts(story: Story) -> list[tuple[str, str]]:
    since = timezone.now() - datetime.timedelta(days=settings.SCREENING_DUPLICATE_DAYS)
    rows = (
        Story.objects.filter(created_at__gte=since)
        .exclude(pk=story.pk)
        .exclude(status=Status.WITHDRAWN)
        .order_by("-created_at")
        .values_list("public_id", "text")[: settings.SCREENING_DUPLICATE_WINDOW]
    )
    return [(public_id, text) for public_id, text in rows if text]


def _similar_in_flood_window(story: Story, recent: list[tuple[str, str]]) -> int:
    """Count recent stories in the flood window that are near-duplicates of this one."""
    since = timezone.now() - datetime.timedelta(minutes=settings.SCREENING_FLOOD_MINUTES)
    in_window = set(
        Story.objects.filter(created_at__gte=since).exclude(pk=story.pk).values_list("public_id", flat=True)
    )
    window_texts = [text for pid, text in recent if pid in in_window]
    if not window_texts:
        return 0
    return screening.count_similar(story.text, window_texts, config=screening_config())


def store_signals(*, story: Story, result: screening.ScreeningResult, keep_dismissed: set[tuple[str, str]] = frozenset()) -> list[Signal]:
    """Replace the signals of the story's current version with a screening result's."""
    key = _screening_key()
    Signal.objects.filter(story=story, version=story.version).delete()
    rows = []
    for found in result.signals:
        text_hash = found.text_hash(story.text, key=key)
        resolution = Signal.Resolution.DISMISSED if (found.type, text_hash) in keep_dismissed else Signal.Resolution.OPEN
        rows.append(
            Signal(
                story=story, version=story.version, type=found.type, start=found.start, end=found.end,
                confidence=found.confidence, reason=found.reason[:200], text_hash=text_hash, resolution=resolution,
            )
        )
    return Signal.objects.bulk_create(rows)


def screen_story_by_id(*, story_id: int) -> bool:
    """Screen a received story and put it in the human queue; False if there was nothing to do.

    Safe to run twice: the row is locked and only a story still in
    "received" is screened.
    """
    with transaction.atomic():
        story = Story.objects.select_for_update().filter(pk=story_id, status=Status.RECEIVED).first()
        if story is None:
            return False
        recent = _recent_texts(story)
        same = flood_memory.same_text(story.text)
        result = screening.screen_text(
            story.text,
            config=screening_config(),
            recent_texts=recent,
            recent_similar_count=_similar_in_flood_window(story, recent),
            same_text_copies=same.copies, same_text_senders=same.senders,
        )
        store_signals(story=story, result=result)
        Review.objects.update_or_create(
            story=story,
            defaults={
                "priority": result.priority,
                "lane": result.lane,
                "crisis": result.crisis,
                "screening_failed": False,
                "screened_version": story.version,
                "entered_queue_at": timezone.now(),
                "claimed_by": None,
                "claimed_until": None,
                "redactions": [],
            },
        )
        story_services.mark_screened(story=story, language=result.language)
        audit(
            actor=None, action="screened", story=story,
            detail={"priority": result.priority, "lane": result.lane, "signals": sorted(result.types)},
        )
    return True


def screening_config() -> screening.ScreeningConfig:
    """Return the screening configuration (built once per process, rebuilt when a setting changes)."""
    return screening.config_from_settings()


def give_up_screening(*, story: Story) -> None:
    """Send a story that could not be screened to the human queue, marked as such."""
    Review.objects.update_or_create(
        story=story,
        defaults={"priority": Priority.P1, "lane": Lane.QUEUE, "screening_failed": True, "entered_queue_at": timezone.now()},
    )
    story_services.mark_screened(story=story, language=story.language or "und")
    audit(actor=None, action="screening_failed", story=story, detail={"attempts": story.screening_attempts})


def sweep_unscreened() -> dict[str, int]:
    """Re-queue stories that were never screened; after too many tries, hand them to people.

    The wait doubles with each attempt (2, 4, 8, 16 … minutes by default), so
    a long but healthy backlog during a flood is not mistaken for lost tasks
    and sent to people without its screening.
    """
    now = timezone.now()
    due = Q(screening_queued_at__isnull=True)
    for attempts in range(settings.SCREENING_MAX_ATTEMPTS + 1):
        wait = datetime.timedelta(seconds=settings.SCREENING_RETRY_AFTER_SECONDS * 2**attempts)
        due |= Q(screening_attempts=attempts, screening_queued_at__lt=now - wait)
    due |= Q(screening_attempts__gt=settings.SCREENING_MAX_ATTEMPTS)
    stuck = Story.objects.filter(status=Status.RECEIVED).filter(due)
    requeued = given_up = 0
    for story_id in stuck.values_list("pk", flat=True)[:1000]:
        with transaction.atomic():
            story = Story.objects.select_for_update(skip_locked=True).filter(pk=story_id, status=Status.RECEIVED).first()
            if story is None:
                continue
            if story.screening_attempts >= settings.SCREENING_MAX_ATTEMPTS:
                give_up_screening(story=story)
                given_up += 1
                continue
            story_services.note_screening_attempt(story_id=story.pk)
            story_services.queue_screening_on_commit(story.pk)
            requeued += 1
    if requeued or given_up:
        logger.info("sweeper: re-queued %d stories, sent %d to people after failed screening", requeued, given_up)
    return {"requeued": requeued, "given_up": given_up}


# --- Claims --------------------------------------------------------------------------------


def claim_story(*, story: Story, moderator) -> Review:
    """Hold a story for this moderator for a few minutes; refuse if someone else holds it.

    A single conditional UPDATE decides, so two moderators never both win.
    """
    now = timezone.now()
    until = now + datetime.timedelta(minutes=settings.MODERATION_CLAIM_MINUTES)
    won = (
        Review.objects.filter(story=story)
        .filter(Q(claimed_by__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=moderator))
        .update(claimed_by=moderator, claimed_until=until)
    )
    review = Review.objects.select_related("claimed_by").get(story=story)
    if not won:
        raise ModerationError(
            _("%(name)s is reviewing this story.") % {"name": review.claimed_by.get_username()}, code="claimed"
        )
    return review


def release_claim(*, story: Story, moderator) -> None:
    Review.objects.filter(story=story, claimed_by=moderator).update(claimed_by=None, claimed_until=None)


def _locked_for_moderator(story_id: int, moderator, version: int) -> tuple[Story, Review]:
    """Lock a story and its review, and check this moderator may act on this version."""
    story = Story.objects.select_for_update().get(pk=story_id)
    review = Review.objects.select_for_update(of=("self",)).select_related("claimed_by").get(story=story)
    now = timezone.now()
    if review.is_claimed_by_other(moderator, now):
        raise ModerationError(
            _("%(name)s is reviewing this story; your action was not applied.") % {"name": review.claimed_by.get_username()},
            code="claimed",
        )
    if review.claimed_by_id != moderator.pk or not review.claimed_until or review.claimed_until <= now:
        raise ModerationError(_("Your hold on this story ran out. Open it again to continue."), code="not_claimed")
    if version != story.version:
        raise ModerationError(
            _("This story changed since you opened it. Please read the new version before deciding."), code="stale"
        )
    return story, review


# --- Redaction ---------------------------------------------------------------------------------


def redact_span(*, story_id: int, moderator, version: int, start: int, end: int) -> Story:
    """Replace one span of the text by "[removed]"; the author will be told what changed."""
    with transaction.atomic():
        story, review = _locked_for_moderator(story_id, moderator, version)
        if not (0 <= start < end <= len(story.text)):
            raise ModerationError(_("That part of the text does not exist (any more)."), code="out_of_range")
        old_version = story.version
        new_text = story.text[:start] + REDACTED + story.text[end:]
        shift = len(REDACTED) - (end - start)
        story_services.replace_text_by_moderator(story=story, text=new_text)
        _carry_signals(story, old_version, start, end, shift)
        review.redactions = [*review.redactions, {"at": start, "removed_chars": end - start}]
        review.save(update_fields=["redactions"])
        audit(actor=moderator, action="redacted", story=story, detail={"removed_chars": end - start})
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


def redact_signal(*, story_id: int, moderator, version: int, signal_id: int) -> Story:
    signal = Signal.objects.filter(pk=signal_id, story_id=story_id, version=version).first()
    if signal is None:
        raise ModerationError(_("That highlighted part no longer exists. Reload the story."), code="no_signal")
    return redact_span(story_id=story_id, moderator=moderator, version=version, start=signal.start, end=signal.end)


def dismiss_signal(*, story_id: int, moderator, version: int, signal_id: int) -> Signal:
    """Mark a signal as a false alarm (e.g. a helpline number), with an audit row."""
    with transaction.atomic():
        story, _review = _locked_for_moderator(story_id, moderator, version)
        signal = Signal.objects.filter(pk=signal_id, story=story, version=story.version).first()
        if signal is None:
            raise ModerationError(_("That highlighted part no longer exists. Reload the story."), code="no_signal")
        signal.resolution = Signal.Resolution.DISMISSED
        signal.save(update_fields=["resolution"])
        audit(actor=moderator, action="signal_dismissed", story=story, detail={"type": signal.type})
    return signal


def edit_text(*, story_id: int, moderator, version: int, text: str) -> Story:
    """Replace the text freely (a moderator's edit); it is screened again at once."""
    from stories.sanitize import clean_text

    with transaction.atomic():
        story, review = _locked_for_moderator(story_id, moderator, version)
        cleaned = clean_text(text)
        if not cleaned:
            raise ModerationError(_("The text cannot be empty. Reject the story instead."), code="empty")
        if len(cleaned) > settings.STORY_MAX_CHARS:
            raise ModerationError(_("The edited text is longer than the limit."), code="too_long")
        dismissed = set(
            Signal.objects.filter(story=story, version=story.version, resolution=Signal.Resolution.DISMISSED)
            .values_list("type", "text_hash")
        )
        removed = max(0, len(story.text) - len(cleaned))
        story_services.replace_text_by_moderator(story=story, text=cleaned)
        store_signals(story=story, result=screening.screen_text(cleaned, config=screening_config()), keep_dismissed=dismissed)
        review.redactions = [*review.redactions, {"at": None, "removed_chars": removed, "edited": True}]
        review.save(update_fields=["redactions"])
        audit(actor=moderator, action="edited", story=story)
    return story


def open_personal_data(story: Story) -> list[Signal]:
    return list(
        Signal.objects.filter(
            story=story, version=story.version, type__in=screening.PERSONAL_DATA_TYPES, resolution=Signal.Resolution.OPEN
        )
    )


# --- Decisions ------------------------------------------------------------------------------------


def decide(*, story_id: int, moderator, version: int, action: str, reason_code: str = "", note: str = "", content_warning: bool | None = None) -> Decision:
    """Approve, request changes or reject a story the moderator holds."""
    if action not in Decision.Action.values:
        raise ModerationError(_("Choose a decision."), code="bad_action")
    if action != Decision.Action.APPROVE and reason_code not in REASONS:
        raise ModerationError(_("Choose a reason from the policy for this decision."), code="reason_required")
    with transaction.atomic():
        story, review = _locked_for_moderator(story_id, moderator, version)
        reviewing_published = story.status == Status.PUBLISHED
        if story.status != Status.IN_REVIEW and not reviewing_published:
            raise ModerationError(_("This story is not waiting for a decision."), code="not_pending")
        if action in (Decision.Action.APPROVE, Decision.Action.APPROVE_REDACTED):
            if open_personal_data(story):
                raise ModerationError(
                    _("Redact or dismiss each highlighted piece of personal data before approving."), code="unredacted"
                )
            action = Decision.Action.APPROVE_REDACTED if review.redactions else Decision.Action.APPROVE
            if content_warning is not None and content_warning != story.content_warning:
                story_services.set_content_warning(story=story, on=content_warning)
            story_services.change_story_status(story=story, status=Status.PUBLISHED, hidden=False)
        elif action == Decision.Action.REQUEST_CHANGES:
            story_services.change_story_status(story=story, status=Status.CHANGES_REQUESTED, hidden=False)
        else:
            story_services.change_story_status(story=story, status=Status.REJECTED, hidden=False)
        decision = Decision.objects.create(
            story=story, version=story.version, moderator=moderator, action=action,
            reason_code="" if action in (Decision.Action.APPROVE,) else reason_code,
            note=note.strip(), redactions=review.redactions,
        )
        Flag.objects.filter(story=story, resolved=False).update(resolved=True)
        review.lane, review.claimed_by, review.claimed_until = Lane.DONE, None, None
        review.redactions, review.flag_count = [], 0
        review.save()
        audit(actor=moderator, action=f"decision:{action}", story=story, reason_code=decision.reason_code)
    return decision


def undo_decision(*, decision_id: int, moderator) -> Story:
    """Take back a decision within the undo window; the story waits for a decision again."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).select_related("story").get(pk=decision_id)
        if decision.undone_at:
            raise ModerationError(_("This decision was already undone."), code="already_undone")
        window = datetime.timedelta(minutes=settings.MODERATION_UNDO_MINUTES)
        if timezone.now() - decision.created_at > window:
            raise ModerationError(_("Decisions can only be undone within %(minutes)s minutes.") % {"minutes": settings.MODERATION_UNDO_MINUTES}, code="too_late")
        story = Story.objects.select_for_update().get(pk=decision.story_id)
        if story.version != decision.version or story.status == Status.WITHDRAWN:
            raise ModerationError(_("The story changed after this decision; it cannot be undone."), code="stale")
        if Decision.objects.filter(story=story, created_at__gt=decision.created_at, undone_at__isnull=True).exists():
            raise ModerationError(_("A later decision was made on this story."), code="superseded")
        decision.undone_at = timezone.now()
        decision.save(update_fields=["undone_at"])
        story_services.change_story_status(story=story, status=Status.IN_REVIEW, hidden=False)
        Review.objects.filter(story=story).update(lane=Lane.QUEUE, claimed_by=None, claimed_until=None, redactions=decision.redactions)
        audit(actor=moderator, action="decision_undone", story=story, detail={"decision": decision.pk})
    return story


def bulk_reject(*, story_ids: list[int], moderator, reason_code: str = "spam") -> int:
    """Reject many stories from the spam bin at once."""
    if reason_code not in REASONS:
        raise ModerationError(_("Choose a reason from the policy for this decision."), code="reason_required")
    rejected = 0
    with transaction.atomic():
        stories = Story.objects.select_for_update().filter(
            pk__in=story_ids, status=Status.IN_REVIEW, review__lane=Lane.SPAM
        )
        for story in stories:
            story_services.change_story_status(story=story, status=Status.REJECTED)
            Decision.objects.create(story=story, version=story.version, moderator=moderator, action=Decision.Action.REJECT, reason_code=reason_code)
            Review.objects.filter(story=story).update(lane=Lane.DONE, claimed_by=None, claimed_until=None)
            audit(actor=moderator, action="decision:reject", story=story, reason_code=reason_code, detail={"bulk": True})
            rejected += 1
    return rejected


def restore_from_spam(*, story_id: int, moderator) -> None:
    with transaction.atomic():
        updated = Review.objects.filter(story_id=story_id, lane=Lane.SPAM).update(lane=Lane.QUEUE)
        if not updated:
            raise ModerationError(_("That story is not in the spam bin."), code="not_spam")
        audit(actor=moderator, action="restored_from_spam", story=Story.objects.get(pk=story_id))


# --- Appeals ----------------------------------------------------------------------------------------


def latest_decision(story: Story) -> Decision | None:
    return Decision.objects.filter(story=story, undone_at__isnull=True).order_by("-created_at", "-id").first()


def file_appeal(*, story: Story, message: str) -> Appeal:
    """Let the author appeal the latest decision on their story, once."""
    message = message.strip()
    if not message:
        raise ModerationError(_("Please tell us why you disagree."), code="empty")
    if len(message) > 2000:
        raise ModerationError(_("Please keep your appeal under 2,000 characters."), code="too_long")
    with transaction.atomic():
        decision = latest_decision(story)
        if decision is None or not decision.is_appealable or decision.version != story.version:
            raise ModerationError(_("There is no decision on this story that can be appealed."), code="not_appealable")
        if Appeal.objects.filter(decision=decision).exists():
            raise ModerationError(_("You already appealed this decision. A senior moderator will review it."), code="already_appealed")
        try:
            with transaction.atomic():
                appeal = Appeal.objects.create(decision=decision, message=message)
        except IntegrityError:
            raise ModerationError(_("You already appealed this decision. A senior moderator will review it."), code="already_appealed") from None
        audit(actor="author", action="appeal_filed", story=story, reason_code=decision.reason_code)
    return appeal


def decide_appeal(*, appeal_id: int, reviewer, outcome: str, note: str = "") -> Appeal:
    """A senior moderator who did not make the decision upholds or overturns it."""
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.OVERTURNED):
        raise ModerationError(_("Choose whether to uphold or overturn the decision."), code="bad_outcome")
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update(of=("self",)).select_related("decision").get(pk=appeal_id)
        if appeal.outcome:
            raise ModerationError(_("This appeal was already decided."), code="already_decided")
        if appeal.decision.moderator_id == reviewer.pk:
            raise ModerationError(_("A different moderator must review an appeal of your own decision."), code="own_decision")
        story = Story.objects.select_for_update().get(pk=appeal.decision.story_id)
        appeal.outcome, appeal.reviewer, appeal.note, appeal.reviewed_at = outcome, reviewer, note.strip(), timezone.now()
        appeal.save()
        if outcome == Appeal.Outcome.OVERTURNED and story.status != Status.WITHDRAWN:
            # The story gets a fresh decision, held by the senior who overturned.
            story_services.change_story_status(story=story, status=Status.IN_REVIEW, hidden=False)
            Review.objects.filter(story=story).update(
                lane=Lane.QUEUE, priority=Priority.P1, claimed_by=reviewer,
                claimed_until=timezone.now() + datetime.timedelta(minutes=settings.MODERATION_CLAIM_MINUTES),
            )
        audit(actor=reviewer, action=f"appeal_{outcome}", story=story, reason_code=appeal.decision.reason_code)
    return appeal


# --- Flags ---------------------------------------------------------------------------------------------


def flag_story(*, story: Story, reason: str) -> Flag:
    """Record a visitor's flag: reopen the story with raised priority; hide it after enough flags."""
    if reason not in Flag.Reason.values:
        raise ModerationError(_("Choose why you are flagging this story."), code="bad_reason")
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status != Status.PUBLISHED:
            raise ModerationError(_("Only published stories can be flagged."), code="not_published")
        flag = Flag.objects.create(story=story, reason=reason)
        review, _created = Review.objects.select_for_update().get_or_create(story=story)
        raised = Priority.P1 if reason == Flag.Reason.IDENTIFIES else Priority.P2
        review.priority = min(review.priority, raised, key=PRIORITY_ORDER.index)
        if review.lane != Lane.FLAGGED:
            review.lane, review.entered_queue_at = Lane.FLAGGED, timezone.now()
        review.flag_count += 1
        review.save()
        hide = review.flag_count >= settings.MODERATION_FLAGS_TO_HIDE and not story.is_hidden
        if hide:
            story_services.change_story_status(story=story, status=Status.PUBLISHED, hidden=True)
        audit(actor=None, action="flagged", story=story, reason_code=reason, detail={"hidden": hide, "flags": review.flag_count})
    return flag
