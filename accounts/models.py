from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account: survivors (optional) and staff.

    E-mail is optional and used for password reset only.
    """

    display_name = models.CharField(_("display name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # Staff permissions; accounts/roles.py groups them into roles.
        permissions = [
            ("moderate", _("Can review stories and decide on them")),
            ("review_appeals", _("Can review appeals")),
            ("view_audit_log", _("Can read the audit log")),
            ("view_metrics", _("Can read moderation metrics")),
            ("undo_decision", _("Can undo a moderation decision")),
        ]

    def __str__(self):
        return self.username

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username


class UserSession(AbstractBaseSession):
    """A session row that also records whose it is, so all of a person's sessions can be erased."""

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from accounts.session_store import SessionStore

        return SessionStore
