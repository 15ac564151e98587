"""Rate limits keyed on the salted address HMAC, failing closed, and the one place that answers them.

If the cache is unreachable we cannot count, so posting pauses with a kind
"try again shortly" rather than letting a flood through. Views only call
`check_rate()`; RateLimitMiddleware turns the exceptions into the 429 and
503 pages, so no view catches them.
"""

import math

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import get_usage


class RateLimited(Exception):
    """Over the limit; `retry_after` is how many seconds until the window ends."""

    def __init__(self, retry_after: int | None = None):
        super().__init__("rate limited")
        self.retry_after = retry_after


class LimitsUnavailable(Exception):
    pass


def _address_key(group, request):
    return str(request.address_hmac)


def _check(request, *, group: str, rate_setting: str, increment: bool) -> None:
    try:
        usage = get_usage(request, group=group, key=_address_key, rate=getattr(settings, rate_setting), increment=increment)
    except Exception as error:  # the cache client's own errors: unreachable, timed out, refused
        raise LimitsUnavailable from error
    if usage is None:  # RATELIMIT_ENABLE is off
        return
    # Counting, the request over the limit is refused; only looking, so is any once the limit is used up.
    used_up = usage["should_limit"] if increment else usage["count"] >= usage["limit"]
    if not used_up:
        return
    if usage["time_left"] < 0:  # django-ratelimit's answer when the cache could not count
        raise LimitsUnavailable
    raise RateLimited(retry_after=max(usage["time_left"], 1))


def check_rate(request, *, group: str, rate_setting: str) -> None:
    """Count this request against a limit; raise if it is over or cannot be counted."""
    _check(request, group=group, rate_setting=rate_setting, increment=True)


def check_rate_without_counting(request, *, group: str, rate_setting: str) -> None:
    """Raise if a limit is already used up, without spending one (for tries that may succeed)."""
    _check(request, group=group, rate_setting=rate_setting, increment=False)


class RateLimitMiddleware:
    """Answer RateLimited with the kind 429 page and LimitsUnavailable with the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            minutes = math.ceil(exception.retry_after / 60) if exception.retry_after else None
            response = render(request, "errors/429.html", {"retry_minutes": minutes}, status=429)
            if exception.retry_after:
                response["Retry-After"] = str(exception.retry_after)
        elif isinstance(exception, LimitsUnavailable):
            response = render(request, "errors/503.html", status=503)
            response["Retry-After"] = "60"
        else:
            return None
        add_never_cache_headers(response)
        return response
