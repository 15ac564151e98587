"""Flash messages in a cookie pinned to this host.

Django's cookie storage always calls its cookie "messages". With HTTPS on it
is "__Host-messages" here, like the session and CSRF cookies: Secure, Path=/,
no Domain, so no other host (a sibling subdomain) can set or read it. What the
messages say is kept free of usernames and e-mail addresses by the templates in
templates/account/messages/ (the cookie is signed, not encrypted).
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage

from config.signing_memo import signed_this_second


class HostPrefixedCookieStorage(CookieStorage):
    @property
    def cookie_name(self) -> str:
        # The prefix needs the Secure flag, which this cookie takes from SESSION_COOKIE_SECURE.
        return "__Host-messages" if settings.SESSION_COOKIE_SECURE else "messages"

    def _encode_parts(self, messages, encode_empty=False):
        # Every tap in a second stores the same message: the same signed bytes (config/signing_memo.py).
        if not (messages or encode_empty):
            return None
        return signed_this_second(
            ("messages", self.key_salt, tuple(messages), encode_empty),
            lambda: super(HostPrefixedCookieStorage, self)._encode_parts(messages, encode_empty=encode_empty),
        )


class HostPrefixedFallbackStorage(FallbackStorage):
    storage_classes = (HostPrefixedCookieStorage, SessionStorage)
