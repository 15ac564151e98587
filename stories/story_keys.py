"""Story keys: diceware passphrases given once, stored only as an HMAC."""

import functools
import hashlib
import hmac
import secrets
from importlib import resources

from django.conf import settings


@functools.cache
def _words() -> tuple[str, ...]:
    """Load the EFF large word list (7,776 words, 12.9 bits each) once."""
    text = resources.files("diceware").joinpath("wordlists/wordlist_en_eff.txt").read_text()
    words = tuple(line.split()[-1] for line in text.splitlines() if line.strip())
    if len(words) != 7776:
        raise RuntimeError("the EFF large word list changed")
    return words


def new_story_key() -> str:
    """Return a fresh key of STORY_KEY_WORDS words (≥ 7 words, ≥ 90 bits)."""
    words = _words()
    return "-".join(secrets.choice(words) for _ in range(settings.STORY_KEY_WORDS))


def normalise_key(raw: str) -> str:
    """Accept keys typed with spaces, hyphens, capitals or stray blanks."""
    return "-".join(raw.lower().replace("-", " ").split())


def key_hmac(key: str) -> str:
    """Return the HMAC under which a key is stored and looked up."""
    secret = ("story-key:" + settings.STORY_KEY_SECRET).encode()
    return hmac.new(secret, normalise_key(key).encode(), hashlib.sha256).hexdigest()
