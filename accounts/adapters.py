"""allauth wired to Chorus: no client address or user agent ever reaches it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import sign_in_limits
from accounts.guards import has_2fa
from accounts.middleware import start_staff_session


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth keys its rate limits on this: give it the salted HMAC.
        return str(request.address_hmac)

    def get_http_user_agent(self, request) -> str:
        return ""

    # --- Failed sign-ins (accounts/sign_in_limits.py) ---------------------------------------

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's per-account limit ("5/5m/key") keys on the login name alone, so anyone could
        # lock anyone out. Adding the address HMAC makes it one address's limit on one account.
        # This private hook is what allauth's maintainer points to for exactly this (allauth
        # issue #3584); tests/security/test_staff_lockout.py fails if an upgrade stops calling it.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{request.address_hmac}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        if not sign_in_limits.may_try(request, login=sign_in_limits.login_name(credentials)):
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials) -> None:
        super().authentication_failed(request, **credentials)
        sign_in_limits.record_failure(login=sign_in_limits.login_name(credentials))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if user.is_staff:
            sign_in_limits.remember_device(response, user=user)
        return response

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
