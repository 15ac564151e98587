"""Every workflow that changes a voice or a story. Views, tasks, commands and tests call these."""

import hashlib
import logging
import time
from dataclasses import dataclass

from celery import current_app
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from config import broker
from stories import counters, wall
from stories.choices import Anonymity, Status
from stories.models import Campaign, Story, Tap
from stories.signals import EDITED, WITHDRAWN, story_changed, story_submitted
from stories.story_keys import key_hmac, new_story_key

logger = logging.getLogger(__name__)

SCREEN_TASK = "moderation.screen_story"


class StoryError(Exception):
    """A workflow refused: the message is safe to show the person."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


# slug -> (monotonic time it expires, campaign): what this process found, for a tap or a story.
_campaigns_seen: dict[str, tuple[float, Campaign]] = {}
CAMPAIGN_MEMO_SECONDS = 1.0
_clock = time.monotonic


def campaign_for_post(slug: str) -> Campaign | None:
    """Return the campaign a tap goes to, as this process found it at most a second ago.

    wall.campaign_by_slug reads it from the cached snapshot (or, when no reader has put one
    there, from the database); a busy process asks at most once a second per campaign, so
    closing a campaign reaches posts within WALL_CACHE_SECONDS + 1 s. Any change to a
    campaign saved through this process (the admin, tests) forgets it at once.
    """
    now = _clock()
    seen = _campaigns_seen.get(slug)
    if seen is not None and now < seen[0]:
        return seen[1]
    campaign = wall.campaign_by_slug(slug)
    if campaign is not None:  # an unknown slug is not remembered: anyone can make up slugs
        _campaigns_seen[slug] = (now + CAMPAIGN_MEMO_SECONDS, campaign)
    return campaign


@receiver(post_save, sender=Campaign, dispatch_uid="stories.services.forget_campaigns_on_save")
@receiver(post_delete, sender=Campaign, dispatch_uid="stories.services.forget_campaigns_on_delete")
def forget_campaigns(**kwargs) -> None:
    """Forget the campaigns this process remembered for posts."""
    _campaigns_seen.clear()


def record_tap(*, campaign: Campaign, context: dict[str, str]) -> Tap:
    """Count one "me too" in a campaign with optional context, and nothing else."""
    if not campaign.is_active:
        raise StoryError("This campaign has closed.", code="closed")
    tap = Tap(campaign=campaign, hour=counters.truncate_to_hour(timezone.now()), **context)
    counters.save_counted_tap(tap)  # the row and its counters in one statement (docs/counters.md)
    return tap


@dataclass(frozen=True)
class SubmittedStory:
    story: Story
    key: str | None  # shown once to the author, never stored
    # True when this form had been sent before: `story` is the first one, and its key is not shown again.
    repeated: bool = False


def submission_digest(token: str) -> str:
    """Return the digest under which a share form's one-time token is kept on its story."""
    return hashlib.sha256(("story-submission:" + token).encode()).hexdigest()


def _first_submission(digest: str | None) -> Story | None:
    if not digest:
        return None
    return Story.objects.filter(submission_digest=digest).select_related("campaign").first()


def submit_story(
    *,
    campaign: Campaign,
    text: str,
    anonymity: str,
    display_name: str = "",
    author=None,
    keep_in_account: bool = False,
    content_warning: bool = False,
    context: dict[str, str] | None = None,
    submission_token: str = "",
    context_public: bool = False,
) -> SubmittedStory:
    """Save a story for screening; return it with its key if the author needs one.

    A story kept in an account, or posted by name, is managed from the
    account; any other story gets a key. A form sent twice (Back, then Send
    again; or a double click) carries the same `submission_token`: the
    second time nothing is saved and the first story is returned, `repeated`.
    """
    digest = submission_digest(submission_token) if submission_token else None
    # No look-up first (a query every story would pay): the digest is unique, so a form sent
    # before fails the INSERT below, and that failure finds the first story.
    if not campaign.is_active:
        raise StoryError("This campaign has closed.", code="closed")
    if anonymity == Anonymity.NAMED and author is None:
        raise StoryError("Sign in to post under your account's name.", code="named_needs_account")
    linked = author is not None and (keep_in_account or anonymity == Anonymity.NAMED)
    if anonymity == Anonymity.NAMED:
        display_name = author.shown_name
    elif anonymity == Anonymity.ANONYMOUS:
        display_name = ""
    key = None if linked else new_story_key()
    story = Story(
        campaign=campaign,
        text=text,
        anonymity=anonymity,
        display_name=display_name,
        author=author if linked else None,
        key_hmac=key_hmac(key) if key else None,
        submission_digest=digest,
        context_public=context_public and bool(context and any(context.values())),
        content_warning=content_warning,
        status=Status.RECEIVED,
        screening_queued_at=timezone.now(),
        **(context or {}),
    )
    # Before the row is written: what the receivers find (crisis language) goes into the row itself,
    # and a receiver that fails leaves nothing saved.
    story_submitted.send(sender=Story, story=story)
    try:
        # The row and its count in one statement (no BEGIN and COMMIT of their own on PostgreSQL).
        counters.save_counted_story(story)
    except IntegrityError:
        # The same form, sent before (or twice at the same moment): the first one is saved.
        if (first := _first_submission(digest)) is not None:
            return SubmittedStory(story=first, key=None, repeated=True)
        raise
    queue_screening_on_commit(story.pk)  # at once when the request is not in a transaction: it committed
    return SubmittedStory(story=story, key=key)


def record_crisis_help_shown(*, story: Story) -> None:
    """Record on a story (a yes, never any text) that its author was shown crisis help.

    A story not written yet (story_submitted is sent before its row is) takes it in its own INSERT.
    """
    if not story._state.adding:
        Story.objects.filter(pk=story.pk).update(crisis_help_shown=True)
    story.crisis_help_shown = True


def queue_screening_on_commit(story_id: int) -> None:
    """Hand a story to screening once the transaction commits, by task name."""
    transaction.on_commit(lambda: queue_screening(story_id))


def queue_screening(story_id: int) -> bool:
    """Send the screening task; if the broker is down, the sweeper will retry later."""
    try:
        # current_app.signature(SCREEN_TASK, args=(story_id,)).delay(), one LPUSH on Redis (config/broker.py)
        broker.send_task_by_name(current_app, SCREEN_TASK, (story_id,))
        return True
    except Exception as error:  # broker unreachable: the story is saved, the sweeper re-queues it
        logger.warning("could not queue screening for story %s: %s", story_id, type(error).__name__)
        return False


def find_story_by_key(raw_key: str) -> Story | None:
    """Return the story a key opens, or None. Withdrawn stories no longer open."""
    return Story.objects.filter(key_hmac=key_hmac(raw_key)).exclude(status=Status.WITHDRAWN).select_related("campaign").first()


def edit_story(*, story: Story, text: str, content_warning: bool) -> Story:
    """Replace a story's text; the new version goes back through screening and review."""
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status in (Status.WITHDRAWN, Status.REJECTED):
            raise StoryError("This story can no longer be edited.", code="not_editable")
        before = counters.story_category(story.status, story.is_hidden)
        story.text = text
        story.content_warning = content_warning
        story.version += 1
        story.status = Status.RECEIVED
        story.is_hidden = False
        story.published_at = None
        story.screening_attempts = 0
        story.screening_queued_at = timezone.now()
        story.save()
        counters.count_story_change(story, before=before)
        story_changed.send(sender=Story, story=story, action=EDITED)
        queue_screening_on_commit(story.pk)
    return story


def withdraw_story(*, story: Story) -> Story:
    """Erase a story's text for good and take it out of every count."""
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.status == Status.WITHDRAWN:
            return story
        before = counters.story_category(story.status, story.is_hidden)
        story.status = Status.WITHDRAWN
        story.text = ""
        story.display_name = ""
        story.key_hmac = None
        story.submission_digest = None
        story.save()
        counters.count_story_change(story, before=before)
        story_changed.send(sender=Story, story=story, action=WITHDRAWN)
    return story


def change_story_status(*, story: Story, status: str, hidden: bool | None = None) -> Story:
    """Move a locked story to a new status and keep the counts exact.

    Called by moderation inside its own transaction, with the row locked.
    """
    before = counters.story_category(story.status, story.is_hidden)
    story.status = status
    if hidden is not None:
        story.is_hidden = hidden
    if status == Status.PUBLISHED and story.published_at is None:
        story.published_at = timezone.now()
    story.save()
    counters.count_story_change(story, before=before)
    return story


def mark_screened(*, story: Story, language: str) -> Story:
    """Record that a locked, received story was screened; it now waits for a person."""
    story.language = language
    story.status = Status.IN_REVIEW
    story.save(update_fields=["language", "status", "updated_at"])
    return story


def note_screening_attempt(*, story_id: int) -> None:
    """Count one more attempt to hand a story to screening (the sweeper's bookkeeping)."""
    Story.objects.filter(pk=story_id).update(
        screening_attempts=F("screening_attempts") + 1, screening_queued_at=timezone.now()
    )


def replace_text_by_moderator(*, story: Story, text: str) -> Story:
    """Store a moderator's redacted or edited text on a locked story as a new version."""
    story.text = text
    story.version += 1
    story.save(update_fields=["text", "version", "updated_at"])
    return story


def set_content_warning(*, story: Story, on: bool) -> Story:
    story.content_warning = on
    story.save(update_fields=["content_warning", "updated_at"])
    return story


def believe_story(*, story: Story) -> None:
    """Add one "I believe you" to a published story."""
    Story.objects.filter(pk=story.pk, status=Status.PUBLISHED).update(believed=F("believed") + 1)



def detach_author_stories(*, user) -> int:
    """Turn a person's stories into anonymous ones that lead back to no one; return how many.

    Called when an account is deleted and its owner chose to keep the stories.
    Nobody can manage them afterwards: they have no account and no key.
    """
    with transaction.atomic():
        return Story.objects.filter(author=user).update(author=None, anonymity=Anonymity.ANONYMOUS, display_name="")
