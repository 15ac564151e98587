"""Failed sign-ins slow an attacker down; they never lock an account's owner out.

allauth's own limit ("login_failed": "5/5m/key") keys on the login name, so
five wrong passwords from anywhere lock the account for everyone: during a
flood an attacker could lock every moderator out. Here (docs/threat-model.md,
"Staff lockout"):

- the per-account limit is keyed on the account *and* the daily-salted
  address HMAC (config/client_address.py): five wrong passwords lock one
  address out of one account, not the owner signing in from elsewhere;
- allauth's per-address limit (10 a minute) stays;
- an account that sees SIGN_IN_ALERT_FAILURES failures within
  SIGN_IN_ALERT_MINUTES is slowed down, not locked: sign-ins from browsers
  it was never signed in from share one attempt per 10 s for the whole
  account ("login_failed_account"); a staff member's own browser, which
  carries a signed "known device" cookie from an earlier sign-in, is not
  slowed at all (OWASP's device-cookie defence);
- staff are told: a log line with the account id (never an address), a
  SignInAlert row (read-only in the admin; SignInAlert.objects.since() for a
  digest) and the sign_in_alert_raised signal, on which moderation writes an
  audit row (accounts may not import moderation).

Failures are counted per login name whether or not such an account exists,
so the slow-down itself tells nobody which names are real.
"""

import hashlib
import logging
import time
from datetime import UTC, datetime

from allauth.core import ratelimit
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from accounts.models import SignInAlert, User
from accounts.signals import sign_in_alert_raised

logger = logging.getLogger("accounts.sign_in")

DEVICE_SALT = "chorus.accounts.sign-in-device"


def login_name(credentials: dict) -> str:
    """Return the name a sign-in attempt is for, as allauth compares it (lower case)."""
    return (credentials.get("username") or credentials.get("email") or "").strip().lower()


def _digest(login: str) -> str:
    return hashlib.sha256(login.encode()).hexdigest()[:32]


def _window() -> tuple[int, datetime]:
    seconds = settings.SIGN_IN_ALERT_MINUTES * 60
    index = int(time.time()) // seconds
    return index, datetime.fromtimestamp(index * seconds, tz=UTC)


def _failures_key(login: str, index: int) -> str:
    return f"sign-in-failures:{_digest(login)}:{index}"


def recent_failures(login: str) -> int:
    """Return how many sign-ins for this name failed in the current window, from any address."""
    index, _start = _window()
    return cache.get(_failures_key(login, index), 0)


def is_under_attack(login: str) -> bool:
    return recent_failures(login) >= settings.SIGN_IN_ALERT_FAILURES


def device_cookie_name() -> str:
    # The __Host- prefix needs the Secure flag, which the cookie takes from SESSION_COOKIE_SECURE.
    return "__Host-signin-device" if settings.SESSION_COOKIE_SECURE else "signin-device"


def remember_device(response, *, user: User) -> None:
    """Mark this browser as one the account signs in from (staff only: nobody else needs it)."""
    response.set_cookie(
        device_cookie_name(),
        signing.dumps(_digest(user.username.lower()), salt=DEVICE_SALT),
        max_age=settings.SIGN_IN_DEVICE_DAYS * 24 * 60 * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def is_known_device(request, login: str) -> bool:
    value = request.COOKIES.get(device_cookie_name())
    if not value:
        return False
    try:
        remembered = signing.loads(value, salt=DEVICE_SALT, max_age=settings.SIGN_IN_DEVICE_DAYS * 24 * 60 * 60)
    except signing.BadSignature:
        return False
    return remembered == _digest(login)


def may_try(request, *, login: str) -> bool:
    """Return whether this attempt may go ahead under the account-wide slow-down."""
    if not login or not is_under_attack(login) or is_known_device(request, login):
        return True
    return bool(ratelimit.consume(request, action="login_failed_account", key=_digest(login)))


def record_failure(*, login: str) -> None:
    """Count a failed sign-in for the name; tell staff once the account sees many."""
    if not login:
        return
    index, start = _window()
    key = _failures_key(login, index)
    cache.add(key, 0, timeout=2 * settings.SIGN_IN_ALERT_MINUTES * 60)
    failures = cache.incr(key)
    if failures < settings.SIGN_IN_ALERT_FAILURES:
        return
    user = User.objects.filter(username__iexact=login).only("pk").first()
    if user is None:
        return
    with transaction.atomic():
        alert, created = SignInAlert.objects.get_or_create(user=user, window_start=start, defaults={"failures": failures})
        if created:
            sign_in_alert_raised.send(sender=SignInAlert, alert=alert)
        else:
            SignInAlert.objects.filter(pk=alert.pk).update(failures=F("failures") + 1)
    if created:
        logger.warning(
            "Account %s saw %s failed sign-ins within %s minutes; sign-ins from unknown browsers are slowed down.",
            user.pk, failures, settings.SIGN_IN_ALERT_MINUTES,
        )
