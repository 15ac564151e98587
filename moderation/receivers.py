"""Staff account changes the audit log records: second factors (allauth's signals), roles (group changes)
and accounts under a sign-in attack (accounts.signals.sign_in_alert_raised).

They happen in allauth's pages and Django's admin, which have no moderation
service to call, so the audit rows are written from the libraries' own signals.
"""

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed

from accounts.signals import sign_in_alert_raised
from moderation.services.audit import audit
from moderation.services.claims import release_all_claims


def _audit_second_factor(action):
    def receiver(sender, request=None, user=None, authenticator=None, **kwargs):
        audit(actor=user, action=action, detail={"type": getattr(authenticator, "type", "")})

    return receiver


record_2fa_added = _audit_second_factor("2fa_added")
record_2fa_removed = _audit_second_factor("2fa_removed")
record_2fa_reset = _audit_second_factor("2fa_reset")


def record_role_change(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    """Log a user joining or leaving a role group (in the admin, a command or the shell)."""
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    names = sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    audit(
        actor=None, action="role_changed",
        detail={"user": instance.pk, "username": instance.get_username(), "change": action[5:], "groups": names},
    )


def record_sign_in_alert(sender, alert, **kwargs):
    """Log that an account saw many failed sign-ins (accounts/sign_in_limits.py): who tried is never known."""
    audit(
        actor=None, action="sign_in_alert",
        detail={"user": alert.user_id, "failures": alert.failures, "window_start": alert.window_start.isoformat()},
    )


def release_holds_on_sign_out(sender, request=None, user=None, **kwargs):
    """A moderator who signs out leaves no story blocked behind them."""
    if user is not None and user.is_staff:
        release_all_claims(moderator=user)


def connect() -> None:
    mfa_signals.authenticator_added.connect(record_2fa_added, dispatch_uid="moderation-audit-2fa-added")
    mfa_signals.authenticator_removed.connect(record_2fa_removed, dispatch_uid="moderation-audit-2fa-removed")
    mfa_signals.authenticator_reset.connect(record_2fa_reset, dispatch_uid="moderation-audit-2fa-reset")
    user_logged_out.connect(release_holds_on_sign_out, dispatch_uid="moderation-release-on-sign-out")
    m2m_changed.connect(record_role_change, sender=get_user_model().groups.through, dispatch_uid="moderation-audit-roles")
    sign_in_alert_raised.connect(record_sign_in_alert, dispatch_uid="moderation-audit-sign-in-alert")
