"""allauth wired to Chorus: no client address or user agent ever reaches it."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        # allauth keys its rate limits on this: give it the salted HMAC.
        return str(request.address_hmac)

    def get_http_user_agent(self, request) -> str:
        return ""


class MFAAdapter(DefaultMFAAdapter):
    pass
