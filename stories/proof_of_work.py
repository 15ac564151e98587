"""A self-hosted, ALTCHA-style proof of work that holds off bot floods.

The server hands out a signed challenge: the SHA-256 of a random salt and a
secret number below `maxnumber`. The browser finds the number by trying
them all (a second or two of work for a person, a real cost for a bot
posting thousands of times). No third party, no tracking, and only while
staff have switched it on.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time

from django.conf import settings
from django.core.cache import cache

MAX_NUMBER = 60_000
LIFETIME_SECONDS = 20 * 60


def _signature(challenge: str) -> str:
    key = ("proof-of-work:" + settings.SECRET_KEY).encode()
    return hmac.new(key, challenge.encode(), hashlib.sha256).hexdigest()


def new_challenge() -> dict:
    """Return a challenge for the browser to solve."""
    salt = f"{secrets.token_hex(12)}?expires={int(time.time()) + LIFETIME_SECONDS}"
    number = secrets.randbelow(MAX_NUMBER)
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    return {"algorithm": "SHA-256", "challenge": challenge, "maxnumber": MAX_NUMBER, "salt": salt, "signature": _signature(challenge)}


def solve(challenge: dict) -> str:
    """Solve a challenge the way the browser does (for tests and the benchmark)."""
    for number in range(challenge["maxnumber"] + 1):
        if hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest() == challenge["challenge"]:
            payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
            payload["number"] = number
            return base64.b64encode(json.dumps(payload).encode()).decode()
    raise ValueError("no solution")


def verify(encoded: str) -> bool:
    """Return True for a correct, signed, unexpired solution never used before."""
    try:
        payload = json.loads(base64.b64decode(encoded, validate=True))
        salt, challenge, number = str(payload["salt"]), str(payload["challenge"]), int(payload["number"])
        signature = str(payload["signature"])
        expires = int(salt.rsplit("?expires=", 1)[1])
    except (ValueError, KeyError, TypeError, IndexError):
        return False
    if expires < time.time() or not hmac.compare_digest(signature, _signature(challenge)):
        return False
    if hashlib.sha256(f"{salt}{number}".encode()).hexdigest() != challenge:
        return False
    # Each solution works once.
    return cache.add("pow-used:" + challenge, 1, LIFETIME_SECONDS + 60)
