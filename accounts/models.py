from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.user_reads import ChorusUserManager


class User(AbstractUser):
    """A person with an account: survivors (optional) and staff.

    E-mail is optional and used for password reset only.
    """

    display_name = models.CharField(_("display name"), max_length=40, blank=True)

    objects = ChorusUserManager()  # the user row of every signed-in request, its SQL compiled once (accounts/user_reads.py)

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


class SignInAlertQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(window_start__gte=moment)


class SignInAlert(models.Model):
    """An account saw many failed sign-ins in one window (accounts/sign_in_limits.py).

    Read by staff (the moderation digest, the admin). It names the account and
    the window, never an address or a browser: who tried is not recorded.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_alerts", verbose_name=_("account"))
    window_start = models.DateTimeField(_("window start"))
    failures = models.PositiveIntegerField(_("failed sign-ins"))

    objects = SignInAlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in alert")
        verbose_name_plural = _("sign-in alerts")
        constraints = [models.UniqueConstraint(fields=["user", "window_start"], name="one_sign_in_alert_per_window")]
        ordering = ["-window_start"]

    def __str__(self):
        return f"{self.user} · {self.window_start:%Y-%m-%d %H:%M} · {self.failures}"
