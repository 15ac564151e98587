"""Signals the accounts app sends, for apps that may not be imported from here (moderation).

sign_in_alert_raised: an account has just seen SIGN_IN_ALERT_FAILURES failed
sign-ins in one window (accounts/sign_in_limits.py). Sent inside the
transaction that creates the SignInAlert row, with alert=<SignInAlert>, so a
receiver's audit row commits with it. Moderation writes the audit row
(moderation/receivers.py).
"""

from django.dispatch import Signal

sign_in_alert_raised = Signal()
