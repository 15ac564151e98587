"""What every staff page asks about its viewer — their permissions, an activated authenticator app — kept in the cache.

Asking the database costs three queries per staff page (user permissions,
group permissions, authenticator); the answers change only when a role, a
permission or an authenticator changes. So they are kept per user in the
cache together with a *generation*: any such change (signals below, also
once its transaction commits) starts a new generation, and a kept answer of
an older generation is never used: the next request after a change reads the
database again. A kept answer lives at most PASS_SECONDS, which bounds a
change made behind Django's back (raw SQL). Only permission names and a
yes/no are kept, never a story; without the cache, the database is asked.

The user row itself is still read on every request (django.contrib.auth):
a password change, a deactivation or a deleted account take effect at once.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

PASS_SECONDS = 120
GENERATION_KEY = "staff-pass:generation"
_MEMO = "_chorus_staff_pass"  # the answer for this request, on the request's user object
_READ_AHEAD = "_chorus_read_ahead"  # {key: value or None} of the keys the view asked to read with the pass


def _key(user_id: int) -> str:
    return f"staff-pass:{user_id}"


def _compute(user, generation) -> dict:
    return {
        "generation": generation,
        "superuser": user.is_superuser,
        "perms": frozenset(ModelBackend().get_all_permissions(user)),
        "2fa": is_mfa_enabled(user, [Authenticator.Type.TOTP]),
    }


def load(user, *, read_ahead: tuple[str, ...] = (), session=None) -> dict:
    """The staff pass of a signed-in, active staff member: {"perms", "2fa", ...}, from the cache when it is current.

    Also primes the permission cache Django's ModelBackend keeps on the user
    object, so user.has_perm() (views, {{ perms }} in templates) asks no query.
    read_ahead: other cache keys the page will read, fetched in the same round trip (read_kept()).
    session: the request's session (accounts.session_store): its next request reads these keys with the
    session itself, and when this one did, they are taken from that read (as fresh as the session).
    """
    memo = getattr(user, _MEMO, None)
    if memo is not None:
        return memo
    keys = (GENERATION_KEY, _key(user.pk), *read_ahead)
    found = _read_with_session(session, keys)
    if found is None:
        try:
            found = cache.get_many(keys)
        except Exception:
            found = None
    if found is not None:
        setattr(user, _READ_AHEAD, {key: found.get(key) for key in read_ahead})
    if found is None:  # no cache: ask the database
        staff_pass = _compute(user, None)
    else:
        generation, kept = found.get(GENERATION_KEY), found.get(_key(user.pk))
        if generation is not None and kept and kept["generation"] == generation and kept["superuser"] == user.is_superuser:
            staff_pass = kept
        else:
            if generation is None:
                generation = new_generation()
            staff_pass = _compute(user, generation)
            try:
                cache.set(_key(user.pk), staff_pass, PASS_SECONDS)
            except Exception:  # noqa: S110 -- the next request asks the database again
                pass
    user._perm_cache = set(staff_pass["perms"])
    setattr(user, _MEMO, staff_pass)
    return staff_pass


def _read_with_session(session, keys: tuple[str, ...]) -> dict | None:
    """The keys' values ({key: value} of those present) as read with the session, if all were; asks the next request to."""
    if session is None or not hasattr(session, "read_next_time") or settings.SESSION_CACHE_ALIAS != "default":
        return None  # only the session store that can, on the cache the staff pass lives in
    read = getattr(session, "read_with_session", None) or {}
    session.read_next_time(keys)
    if not all(key in read for key in keys):
        return None
    return {key: read[key] for key in keys if read[key] is not None}


def has_2fa(user) -> bool:
    return load(user)["2fa"]


_NOT_READ = object()


def read_kept(user, key: str, default=None):
    """A cache key's value as read together with this request's staff pass, else read now (default when absent).

    Only for values a page would read from the cache anyway: the copy is as fresh as the request.
    """
    ahead = getattr(user, _READ_AHEAD, None) or {}
    value = ahead.get(key, _NOT_READ)
    if value is _NOT_READ:
        value = cache.get(key)  # may raise, as cache.get does: callers handle an unreachable cache
    return default if value is None else value


def new_generation(**kwargs):
    """Make every kept staff pass stale: now, and again when the current transaction commits."""
    generation = time.time_ns()
    try:
        cache.set(GENERATION_KEY, generation, None)
    except Exception:  # noqa: S110 -- a cache that cannot be written cannot be read either
        pass
    return generation


def _stale_after_commit(**kwargs):
    # Now (so no request of this transaction's time keeps an old answer for long) and after the
    # commit (a request between the two may have read the database before the change was visible).
    new_generation()
    transaction.on_commit(new_generation)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    user_model = get_user_model()
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_stale_after_commit, sender=through, dispatch_uid=f"staff-pass-{through._meta.label}")
    for model in (Group, Permission, Authenticator):
        post_save.connect(_stale_after_commit, sender=model, dispatch_uid=f"staff-pass-save-{model._meta.label}")
        post_delete.connect(_stale_after_commit, sender=model, dispatch_uid=f"staff-pass-delete-{model._meta.label}")
