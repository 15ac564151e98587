"""Story keys: diceware passphrases given once, stored only as an HMAC.

The words come from stories/wordlists/story_key_words.txt, a reviewed subset of the EFF long
list with every word that could wound a survivor taken out (tests/stories/test_story_key_words.py).
Keys handed out before the list was curated still open their stories: only the HMAC is looked up.
"""

import functools
import hashlib
import hmac
import math
import secrets
from pathlib import Path

from django.conf import settings

WORD_LIST = Path(__file__).resolve().parent / "wordlists" / "story_key_words.txt"
# A default key (7 words) must carry at least this much entropy.
MINIMUM_KEY_BITS = 77


@functools.cache
def _words() -> tuple[str, ...]:
    """Load the curated word list once (about 6,000 words, 12.5 bits each)."""
    lines = WORD_LIST.read_text(encoding="utf-8").splitlines()
    words = tuple(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.startswith("#")))
    if math.log2(len(words)) * 7 < MINIMUM_KEY_BITS:
        raise RuntimeError(f"{WORD_LIST.name} has too few words for {MINIMUM_KEY_BITS}-bit keys")
    return words


def key_bits(words: int) -> float:
    """Return the entropy of a key of `words` words drawn from the list."""
    return words * math.log2(len(_words()))


def new_story_key() -> str:
    """Return a fresh key of STORY_KEY_WORDS words (≥ 7 words, ≥ 87 bits).

    The words are the base-len(words) digits of one uniform draw below len(words) ** STORY_KEY_WORDS:
    each word uniform and independent of the others, as with one secrets.choice() per word, from one
    read of the system's random source instead of about ten (as config/csrf_tokens.py draws its mask).
    """
    words = _words()
    count = settings.STORY_KEY_WORDS
    draw = secrets.randbelow(len(words) ** count)
    chosen = []
    for _ in range(count):
        draw, index = divmod(draw, len(words))
        chosen.append(words[index])
    return "-".join(chosen)


def normalise_key(raw: str) -> str:
    """Accept keys typed with spaces, hyphens, capitals or stray blanks."""
    return "-".join(raw.lower().replace("-", " ").split())


def key_hmac(key: str) -> str:
    """Return the HMAC under which a key is stored and looked up."""
    secret = ("story-key:" + settings.STORY_KEY_SECRET).encode()
    return hmac.new(secret, normalise_key(key).encode(), hashlib.sha256).hexdigest()
