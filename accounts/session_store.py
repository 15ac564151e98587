"""Sessions read from the cache and kept in the database, recording their user's id (SESSION_ENGINE = "accounts.session_store").

Django's own pattern for extending a database-backed session engine (see
"Extending database-backed session engines" in the Django documentation),
on its cached_db engine: every write goes to the database row *and* the
cache, a read asks the cache first, and ending a session (sign-out, expiry,
flush) deletes both. The database row stays the record of whose session it
is, so end_sessions_of() can end all of a person's sessions.

A cached copy lives at most CACHED_SECONDS after it was written, whatever
the session's own expiry: a copy that could not be deleted (the cache was
unreachable at sign-out) cannot outlive that. Without the cache, sessions
are read from and written to the database alone, as before.

Reading with the session: a page that reads other cache keys on every request
(a staff page: its staff pass, accounts/staff_pass.py) says which, and the
session's next request reads them in the same round trip as the session
(read_with_session). Only the key names are remembered, in this process, by a
hash of the session key; the values are read with each request, as fresh as
the session itself, and a key not read with it is read apart as before. On
Django's Redis cache that read is one MGET of the keys as the cache names
them, made once when they are remembered (Django's get_many makes and checks
every key name again on each call: a third of the read's CPU).
"""

import logging

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore
from django.core.cache.backends.redis import RedisCacheClient

logger = logging.getLogger(__name__)

CACHED_SECONDS = 5 * 60
_KEYS_REMEMBERED = 4096  # sessions per process whose next request reads other keys with the session
# hash of a session key -> (the cache keys to read with it, their names in the cache)
_read_next: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}


class SessionStore(CachedDatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import UserSession

        return UserSession

    def _cache_for(self, seconds: int) -> int:
        return max(0, min(seconds, CACHED_SECONDS))

    def load(self):
        self.read_with_session = {}
        with_it, made = _read_next.get(hash(self.session_key), ((), ())) if self.session_key else ((), ())
        try:
            if with_it:
                # The session's own name is made here, from its own key: only the other keys' names are remembered.
                data, *values = _read_made(self._cache, (self._cache.make_and_validate_key(self.cache_key), *made), [self.cache_key, *with_it])
                self.read_with_session = dict(zip(with_it, values, strict=True))
            else:
                data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is None:
            row = self._get_session_from_db()
            if not row:
                return {}
            data = self.decode(row.session_data)
            try:
                self._cache.set(self.cache_key, data, self._cache_for(self.get_expiry_age(expiry=row.expire_date)))
            except Exception:
                logger.warning("session not copied to the cache")
        return data

    def read_next_time(self, keys: tuple[str, ...]) -> None:
        """Read these cache keys (of the session's own cache) with the session from its next request on."""
        if not self.session_key:
            return
        name = hash(self.session_key)
        remembered = _read_next.get(name)
        if remembered is None or remembered[0] != keys:
            if len(_read_next) >= _KEYS_REMEMBERED:
                _read_next.clear()  # each session's next request reads apart once, and is remembered again
            _read_next[name] = (keys, tuple(self._cache.make_and_validate_key(key) for key in keys))

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("session cache unreachable: asking the database")
        return bool(session_key) and super(CachedDatabaseSessionStore, self).exists(session_key)

    def save(self, must_create=False):
        super(CachedDatabaseSessionStore, self).save(must_create)
        try:
            self._cache.set(self.cache_key, self._session, self._cache_for(self.get_expiry_age()))
        except Exception:
            logger.warning("session not copied to the cache")

    def delete(self, session_key=None):
        # The row first (as Django does): a request in between cannot read it back into the cache.
        super(CachedDatabaseSessionStore, self).delete(session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning("cached session copy not deleted: it lapses within CACHED_SECONDS")

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            session.user_id = None
        return session


def _read_made(cache, made: tuple[str, ...], keys: list[str]) -> list:
    """The values of `keys` (None where absent): `made` (their names in the cache, as make_and_validate_key
    gave them) in one MGET on Django's Redis cache; elsewhere get_many, which makes the names itself."""
    client = getattr(cache, "_cache", None)
    if isinstance(client, RedisCacheClient) and len(made) == len(keys):
        loads = client._serializer.loads
        return [None if value is None else loads(value) for value in client.get_client(None).mget(made)]
    found = cache.get_many(keys)
    return [found.get(key) for key in keys]


def end_sessions_of(user_id: int) -> int:
    """End every session of one person: their rows and the cached copies. Returns how many ended."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import transaction

    model = SessionStore.get_model_class()
    keys = list(model.objects.filter(user_id=user_id).values_list("session_key", flat=True))
    if keys:
        cache, cached = caches[settings.SESSION_CACHE_ALIAS], [SessionStore.cache_key_prefix + key for key in keys]
        # A copy left in the cache would still sign in without its row: deleted now, and again once
        # the rows' deletion commits (a request in between may have read a row back into the cache);
        # if the cache is unreachable, the copies lapse within CACHED_SECONDS.
        model.objects.filter(session_key__in=keys).delete()
        _forget(cache, cached)
        transaction.on_commit(lambda: _forget(cache, cached))
    return len(keys)


def _forget(cache, cached: list[str]) -> None:
    try:
        cache.delete_many(cached)
    except Exception:
        logger.warning("cached session copies not deleted: they lapse within CACHED_SECONDS")
