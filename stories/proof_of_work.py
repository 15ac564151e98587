"""The flood switch's proof of work, with the maintained ALTCHA library (PyPI `altcha`, protocol v2).

While staff have switched it on (FloodSwitch), every tap and story form carries ALTCHA's own
widget (vendored in static/vendor/altcha/), which fetches a challenge from
/flood-check/challenge/, finds the counter the server chose (a second or so of work for a person,
a real cost for a bot posting thousands of times) and puts the solution in the form's `altcha`
field. No third party, no tracking, no cookie.

Challenges are deterministic (the server picks the counter) and carry an HMAC of the derived key,
so verifying is one HMAC, not a re-derivation. Each solution works once.
"""

import hashlib
import secrets
import time

import altcha
from django.conf import settings
from django.core.cache import cache

ALGORITHM = "SHA-256"
# The browser tries counters from 0 up: on average MAX_NUMBER / 2 SHA-256 hashes.
MAX_NUMBER = 60_000
LIFETIME_SECONDS = 20 * 60


def _secret(purpose: str) -> str:
    return hashlib.sha256(f"altcha:{purpose}:{settings.SECRET_KEY}".encode()).hexdigest()


def new_challenge() -> dict:
    """Return a signed challenge for the widget (JSON-serialisable)."""
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=secrets.randbelow(MAX_NUMBER),
        expires_at=int(time.time()) + LIFETIME_SECONDS,
        hmac_secret=_secret("challenge"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def solve(challenge: dict) -> str:
    """Solve a challenge the way the widget does; return the form value (for tests and the benchmark)."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    if solution is None:
        raise ValueError("no solution")
    return altcha.Payload(parsed, solution).to_base64()


def verify(encoded: str) -> bool:
    """Return True for a correct, signed, unexpired solution never used before."""
    if not encoded or len(encoded) > 4000:
        return False
    try:
        result = altcha.verify_solution(encoded, _secret("challenge"), hmac_key_secret=_secret("key"))
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if not result.verified:
        return False
    try:
        signature = altcha.Payload.from_base64(encoded).challenge.signature
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    # Each solution works once.
    return cache.add("pow-used:" + str(signature), 1, LIFETIME_SECONDS + 60)
