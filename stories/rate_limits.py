"""Rate limits keyed on the salted address HMAC, failing closed.

If the cache is unreachable we cannot count, so posting pauses with a
kind "try again shortly" rather than letting a flood through.
"""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


class RateLimited(Exception):
    pass


class LimitsUnavailable(Exception):
    pass


def _address_key(group, request):
    return str(request.address_hmac)


def check_rate(request, *, group: str, rate_setting: str) -> None:
    """Count this request against a limit; raise if it is over or cannot be counted."""
    rate = getattr(settings, rate_setting)
    try:
        limited = is_ratelimited(request, group=group, key=_address_key, rate=rate, method=is_ratelimited.ALL, increment=True)
    except Exception as error:
        raise LimitsUnavailable from error
    if limited:
        raise RateLimited
