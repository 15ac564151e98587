"""Remember, for the flood window only, how often one text came and from how many senders.

A wave of similar testimonies is solidarity, not spam; an automated flood is the same text again
and again from a few senders at machine pace. To tell them apart, screening needs, per text, the
number of copies and of distinct senders within `SCREENING_FLOOD_MINUTES`. That lives only in the
cache, with that TTL: keyed by a hash of the normalised text, and counting senders by a hash of
(text hash, the request's daily-salted address HMAC), never the address, never a database row.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class SameText:
    copies: int  # submissions of this text in the flood window, this one included
    senders: int  # distinct senders among them


def text_fingerprint(text: str) -> str:
    """Hash a story's text after case-folding it to words: re-typed spacing or punctuation still matches."""
    normalised = _NON_WORD.sub(" ", text.casefold()).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def _keys(fingerprint: str) -> tuple[str, str]:
    return f"flood:{fingerprint}:copies", f"flood:{fingerprint}:senders"


def remember_script(first_key: int, window: str) -> str:
    """The Lua that counts one submission: KEYS[first_key], [first_key + 1], [first_key + 2] are the copies
    counter, the senders counter and this sender's mark, `window` (an ARGV) the flood window in seconds.

    The cache's add() then incr() (the first submission starts the window, the TTL is not renewed after). Each
    command is pcall'd: a failure leaves the Lua local `remembered` false and stops nothing else, so the rate
    limit's script (rate_limits._COUNT_AND_REMEMBER) can count a story in the same round trip.
    """
    copies, senders, mark = (f"KEYS[{first_key + offset}]" for offset in range(3))
    return f"""
local remembered = true
local function checked(reply)
  if type(reply) == 'table' and reply.err then remembered = false end
  return reply
end
checked(redis.pcall('SET', {copies}, 0, 'EX', {window}, 'NX'))
checked(redis.pcall('INCR', {copies}))
local marked = checked(redis.pcall('SET', {mark}, 1, 'EX', {window}, 'NX'))
if type(marked) == 'table' and marked.ok then
  checked(redis.pcall('SET', {senders}, 0, 'EX', {window}, 'NX'))
  checked(redis.pcall('INCR', {senders}))
end
"""


# KEYS: the copies counter, the senders counter, this sender's mark; ARGV[1]: the flood window in seconds.
# One round trip instead of five or six; returns 1 when counted, 0 when a command failed.
_REMEMBER = remember_script(1, "ARGV[1]") + "return remembered and 1 or 0\n"


def window_seconds() -> int:
    return settings.SCREENING_FLOOD_MINUTES * 60


def submission_keys(*, text: str, sender) -> tuple[str, str, str]:
    """Return the cache keys one submission counts in: the text's copies, its senders, this sender's mark."""
    fingerprint = text_fingerprint(text)
    copies_key, senders_key = _keys(fingerprint)
    return copies_key, senders_key, "flood:" + hashlib.sha256(f"{fingerprint}:{sender}".encode()).hexdigest()[:32]


def remember_submission(*, text: str, sender) -> None:
    """Count one submission of `text` by `sender` (request.address_hmac); never fails the submission.

    A story POST counts it with its rate limit, in the same round trip (rate_limits.check_rate_and_remember).
    """
    ttl = window_seconds()
    try:
        copies_key, senders_key, sender_key = submission_keys(text=text, sender=sender)
        backend = caches["default"]  # `cache` is a proxy: isinstance needs the backend itself
        if isinstance(backend, RedisCache):
            keys = [backend.make_and_validate_key(key) for key in (copies_key, senders_key, sender_key)]
            if not backend._cache.get_client(keys[0], write=True).eval(_REMEMBER, 3, *keys, ttl):
                logger.warning("flood memory unavailable: a command failed in Redis")
            return
        cache.add(copies_key, 0, ttl)
        cache.incr(copies_key)
        if cache.add(sender_key, 1, ttl):
            cache.add(senders_key, 0, ttl)
            cache.incr(senders_key)
    except Exception as error:  # a cache outage must not cost a survivor her story
        logger.warning("flood memory unavailable: %s", type(error).__name__)


def same_text(text: str) -> SameText:
    """Return how often `text` came in the flood window, and from how many senders (0, 0 if unknown)."""
    copies_key, senders_key = _keys(text_fingerprint(text))
    try:
        found = cache.get_many([copies_key, senders_key])
    except Exception as error:
        logger.warning("flood memory unavailable: %s", type(error).__name__)
        return SameText(0, 0)
    return SameText(int(found.get(copies_key) or 0), int(found.get(senders_key) or 0))
