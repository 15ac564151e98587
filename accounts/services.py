"""Account workflows: erasing an account (the export is moderation/account_export.py)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import User
from accounts.session_store import end_sessions_of
from stories.choices import Status
from stories.services import detach_author_stories, withdraw_story


def delete_account(*, user: User, keep_stories: bool) -> None:
    """Erase an account and everything that names it.

    The person's stories are withdrawn (text erased) or, if they chose to
    keep them, left as anonymous stories linked to no one. E-mail
    addresses, authenticators, every session and any admin log entry about
    the account go with it.
    """
    with transaction.atomic():
        if not keep_stories:
            for story in user.stories.exclude(status=Status.WITHDRAWN):
                withdraw_story(story=story)
        detach_author_stories(user=user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        end_sessions_of(user.pk)
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).delete()
        user.delete()
