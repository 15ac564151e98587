"""Signed values kept for the second they were signed in (issue 16).

Django's cookie signer is a TimestampSigner: what it signs is the value, the current second and
the secret, so signing the same value twice in the same second gives the same bytes. A tap's
answer signs two such values — the flash message ("You are counted", in the visitor's language)
and the "counted" browser memory (usually just "metoo") — and every tap in a second signs the same
ones. So this process keeps each signed value for the rest of its second and hands out the very
bytes the signer would have made (a test holds them to the signer's own). A changed setting (the
secret, in tests) forgets them.
"""

import time

from django.core.signals import setting_changed
from django.dispatch import receiver

KEEP_AT_MOST = 256  # distinct values per second; past that, start again (a few bytes each)

_kept: dict = {}  # key -> (the second it was signed in, the signed value)
_clock = time.time


@receiver(setting_changed, dispatch_uid="config.signing_memo.forget")
def forget(**kwargs) -> None:
    _kept.clear()


def signed_this_second(key, sign) -> str:
    """Return sign() as made this second for key (anything hashable naming the value and its salt)."""
    second = int(_clock())
    kept = _kept.get(key)
    if kept is not None and kept[0] == second:
        return kept[1]
    signed = sign()
    if len(_kept) >= KEEP_AT_MOST:
        _kept.clear()
    _kept[key] = (second, signed)
    return signed
