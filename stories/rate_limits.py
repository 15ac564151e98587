"""Rate limits keyed on the salted address HMAC, failing closed, and the one place that answers them.

If the cache is unreachable we cannot count, so posting pauses with a kind
"try again shortly" rather than letting a flood through. Views only call
`check_rate()`; RateLimitMiddleware turns the exceptions into the 429 and
503 pages, so no view catches them.

The windows and keys are django-ratelimit's. On Redis, counting is one round
trip (a script: INCR, and EXPIRE when it started the window) instead of
django-ratelimit's add, then Django's incr (EXISTS and INCRBY): three round
trips on every tap and story after an address's first (issue 16). A story POST also remembers
its text for the flood memory in that same script (check_rate_and_remember).

Both scripts go out as EVALSHA on a connection kept for it (config/redis_kept.py): redis-py's
own path for one command cost about as much CPU as the rest of the rate limit.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_ratelimit import ALL
from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key, _split_rate, get_usage
from redis.exceptions import NoScriptError

from config import redis_kept
from stories import flood_memory

logger = logging.getLogger(__name__)

# KEYS[1]: the window's counter; ARGV[1]: its lifetime. Returns the count, this request included.
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""

_COUNT_SHA = hashlib.sha1(_COUNT.encode(), usedforsecurity=False).hexdigest()  # the name Redis knows it by

# _COUNT, then, only for a request under its limit (ARGV[2]), flood_memory's own script: KEYS[2..4] the
# text's copies, its senders, this sender's mark; ARGV[3] the flood window. An error in the flood memory
# (the story still goes ahead) costs neither the count nor the story. Returns {count, 1 if the text was
# remembered or the request is over its limit, else 0}.
_COUNT_AND_REMEMBER = (
    """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count > tonumber(ARGV[2]) then return {count, 1} end
"""
    + flood_memory.remember_script(2, "ARGV[3]")
    + "return {count, remembered and 1 or 0}\n"
)
_COUNT_AND_REMEMBER_SHA = hashlib.sha1(_COUNT_AND_REMEMBER.encode(), usedforsecurity=False).hexdigest()


class RateLimited(Exception):
    """Over the limit; `retry_after` is how many seconds until the window ends."""

    def __init__(self, retry_after: int | None = None):
        super().__init__("rate limited")
        self.retry_after = retry_after


class LimitsUnavailable(Exception):
    pass


def _address_key(group, request):
    return str(request.address_hmac)


def _limits_cache():
    return caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]


def _counts_on_redis(cache, rate: str | None) -> bool:
    return isinstance(cache, RedisCache) and getattr(settings, "RATELIMIT_ENABLE", True) and rate is not None


# (cache, group, rate, address, window) -> the counter's key: an address's posts in one window share it.
_window_keys: dict[tuple, str] = {}
KEEP_KEYS_AT_MOST = 1024


def _window_counter(cache, request, *, group: str, rate: str) -> tuple[str, int, int, int]:
    """Return (the counter's key, the limit, the period, when the window ends) for this request."""
    limit, period = _split_rate(rate)
    value = _address_key(group, request)
    window = _get_window(value, period)
    slot = (id(cache), group, rate, value, window)
    key = _window_keys.get(slot)
    if key is None:
        if len(_window_keys) >= KEEP_KEYS_AT_MOST:
            _window_keys.clear()
        # The key django-ratelimit would use (so check_rate_without_counting reads the same counter).
        key = _window_keys[slot] = cache.make_and_validate_key(_make_cache_key(group, window, rate, value, ALL))
    return key, limit, period, window


def _evaluate(client, script: str, sha: str, *keys_and_args):
    """Return EVALSHA of script, one round trip on a kept connection (config/redis_kept.py); EVAL if Redis lacks it.

    A reply lost on the kept connection may count a request twice: that errs on the side of the limit.
    """
    try:
        return redis_kept.execute(client, "EVALSHA", sha, *keys_and_args)
    except NoScriptError:  # a new or restarted server: EVAL loads it
        return client.eval(script, *keys_and_args)


def _usage(request, *, group: str, rate: str | None, increment: bool) -> dict | None:
    """Return django-ratelimit's usage dictionary; counting on Redis, in one round trip."""
    cache = _limits_cache()
    if not increment or not isinstance(cache, RedisCache):
        return get_usage(request, group=group, key=_address_key, rate=rate, increment=increment)
    if not _counts_on_redis(cache, rate):
        return None
    key, limit, period, window = _window_counter(cache, request, group=group, rate=rate)
    count = int(_evaluate(cache._cache.get_client(key, write=True), _COUNT, _COUNT_SHA, 1, key, period + EXPIRATION_FUDGE))
    return {"count": count, "limit": limit, "should_limit": count > limit, "time_left": window - int(time.time())}


def _check(request, *, group: str, rate_setting: str, increment: bool) -> None:
    try:
        usage = _usage(request, group=group, rate=getattr(settings, rate_setting), increment=increment)
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


def check_rate_and_remember(request, *, group: str, rate_setting: str, text: str) -> None:
    """check_rate(), then flood_memory.remember_submission() of text if the request is under its limit.

    On Redis, one round trip for the two (the story POST's, issue 16); elsewhere, the two calls.
    """
    cache = _limits_cache()
    rate = getattr(settings, rate_setting)
    if cache is not caches["default"] or not _counts_on_redis(cache, rate):  # the flood memory is the default cache's
        check_rate(request, group=group, rate_setting=rate_setting)
        flood_memory.remember_submission(text=text, sender=request.address_hmac)
        return
    try:
        key, limit, period, window = _window_counter(cache, request, group=group, rate=rate)
        flood_keys = [cache.make_and_validate_key(name) for name in flood_memory.submission_keys(text=text, sender=request.address_hmac)]
        client = cache._cache.get_client(key, write=True)
        count, remembered = _evaluate(client, _COUNT_AND_REMEMBER, _COUNT_AND_REMEMBER_SHA, 4, key, *flood_keys,
                                      period + EXPIRATION_FUDGE, limit, flood_memory.window_seconds())
    except Exception as error:  # the cache client's own errors: unreachable, timed out, refused
        raise LimitsUnavailable from error
    if not remembered:
        logger.warning("flood memory unavailable: a command failed in Redis")
    if int(count) > limit:
        raise RateLimited(retry_after=max(window - int(time.time()), 1))


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
