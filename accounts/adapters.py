"""allauth wired to Chorus: no client address or user agent ever reaches it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.guards import has_2fa
from accounts.middleware import start_staff_session


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth keys its rate limits on this: give it the salted HMAC.
        return str(request.address_hmac)

    def get_http_user_agent(self, request) -> str:
        return ""

    def login(self, request, user) -> None:
        super().login(request, user)
        if user.is_staff:
            start_staff_session(request)

    def get_login_redirect_url(self, request) -> str:
        user = request.user
        if user.is_staff and not has_2fa(user):
            messages.warning(
                request, _("Staff accounts need two-factor authentication. Set up an authenticator app now.")
            )
            return reverse("mfa_activate_totp")
        if user.is_staff and user.has_perm("accounts.moderate"):
            return reverse("moderation_queue")  # staff land on the queue (an explicit ?next= still wins)
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        # Drop the XML declaration so the QR code can sit inline in the page:
        # the Content-Security-Policy refuses data: images.
        svg = super().build_totp_svg(url)
        return svg[svg.index("<svg") :]
