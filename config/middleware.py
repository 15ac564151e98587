"""Middleware that keeps client identity out of the application."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject

from config.client_address import address_hmac, client_address, is_trusted_proxy

_IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_USER_AGENT",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "usb",
        "xr-spatial-tracking", "interest-cohort", "browsing-topics",
    )
)


class ForwardedProtoMiddleware:
    """Believe X-Forwarded-Proto only when a trusted proxy sent the request.

    SECURE_PROXY_SSL_HEADER makes Django trust the header from anyone who can
    reach the server; a client that bypasses the proxy could claim HTTPS.
    First in MIDDLEWARE, so SecurityMiddleware (redirect, HSTS) and CSRF see
    only what our own proxy said.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_FORWARDED_PROTO" in request.META and not is_trusted_proxy(
            request.META.get("REMOTE_ADDR", ""), settings.TRUSTED_PROXIES
        ):
            del request.META["HTTP_X_FORWARDED_PROTO"]
        return self.get_response(request)


class ClientAddressMiddleware:
    """Replace the client's address and user agent by a lazy salted HMAC.

    After this middleware no view, library, log line or error report can see
    the raw address or user agent: they are removed from request.META.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request.META, settings.TRUSTED_PROXIES)
        for name in _IDENTIFYING_META:
            request.META.pop(name, None)
        request.META["REMOTE_ADDR"] = ""
        request.address_hmac = SimpleLazyObject(lambda: address_hmac(address))
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    """Add the headers Django does not set itself; keep staff and account areas out of every cache.

    Staff views are never_cache already, but their error pages and a few
    Django admin views (password change, jsi18n) are not. allauth's pages
    (sign-in, e-mail, password change, the TOTP secret and its QR code,
    recovery codes) set no Cache-Control at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.private_prefixes = ("/moderation/", "/" + settings.ADMIN_PATH, "/accounts/", "/account/")
        self.never_cache_control = _never_cache_control()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path_info.startswith(self.private_prefixes) and not self._never_cached(response):
            add_never_cache_headers(response)
        return response

    def _never_cached(self, response) -> bool:
        # What never_cache already set: adding it again would change nothing (and cost a staff page two header parses).
        return response.headers.get("Cache-Control") == self.never_cache_control and "Expires" in response.headers


def _never_cache_control() -> str:
    """The Cache-Control header add_never_cache_headers gives a response that had none."""
    response = HttpResponse()
    add_never_cache_headers(response)
    return response.headers["Cache-Control"]
