"""The CSRF token a page spliced from ready-made bytes fills in: what Django's get_token() returns.

The request's CSRF secret under a new random mask, so a page's bytes differ on every request (Django's
BREACH protection), masked as django.middleware.csrf._mask_cipher_secret does: a mask of 32 characters
drawn uniformly, each secret character shifted by its mask character, the mask first. The 32 mask
characters are the base-62 digits of one uniform draw below 62**32 — one read of the system's random
source instead of Django's 32 (about a sixth of the CPU). Used by the story's key page
(stories/share_done.py) and the moderator's queue (moderation/queue_skeleton.py).
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_MASKS = len(CSRF_ALLOWED_CHARS) ** CSRF_SECRET_LENGTH


def masked_csrf_token(request) -> str:
    """Return what get_token(request) returns; without a well-formed secret yet (a request
    CsrfViewMiddleware did not see, or a first visit), get_token itself, which makes one and sets its cookie."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _CHAR_INDEX.keys():
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token: the cookie is sent again, its expiry renewed
    chars, base = CSRF_ALLOWED_CHARS, len(CSRF_ALLOWED_CHARS)
    draw = secrets.randbelow(_MASKS)
    mask, cipher = [], []
    for char in secret:
        draw, shift = divmod(draw, base)
        mask.append(chars[shift])
        cipher.append(chars[(_CHAR_INDEX[char] + shift) % base])
    return "".join(mask) + "".join(cipher)
