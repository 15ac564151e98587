"""Know a client by a salted HMAC of its address, never by the address.

The salt rotates daily and lives only in the cache, so yesterday's keys
cannot be linked to today's and nothing on disk can be reversed.
"""

import hashlib
import hmac
import ipaddress
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

SALT_TTL_SECONDS = 2 * 24 * 60 * 60


def client_address(meta: dict, trusted_proxies: list[str]) -> str:
    """Return the client's address, believing X-Forwarded-For only from a trusted proxy."""
    remote = meta.get("REMOTE_ADDR", "")
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and is_trusted_proxy(remote, trusted_proxies):
        # The right-most address not belonging to one of our proxies is the client.
        for candidate in reversed([part.strip() for part in forwarded.split(",")]):
            if candidate and not is_trusted_proxy(candidate, trusted_proxies):
                return candidate
    return remote


def is_trusted_proxy(address: str, trusted_proxies: list[str]) -> bool:
    """Return whether the address belongs to one of our proxies (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for proxy in trusted_proxies:
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


# The salt changes once a day; each process keeps the one it read for a minute, so a request
# spends no cache round trip on it. After a cache flush the processes agree again within that
# minute (until then the same address may count against two limits).
SALT_MEMO_SECONDS = 60
_salt_memo: dict[str, tuple[float, bytes]] = {}


def daily_salt() -> bytes:
    """Return today's salt (kept in this process for SALT_MEMO_SECONDS)."""
    key = "address-salt:" + timezone.now().date().isoformat()
    remembered = _salt_memo.get(key)
    now = time.monotonic()
    if remembered is not None and now - remembered[0] < SALT_MEMO_SECONDS:
        return remembered[1]
    salt = _read_or_create_salt(key)
    _salt_memo.clear()
    _salt_memo[key] = (now, salt)
    return salt


def _read_or_create_salt(key: str) -> bytes:
    """Return the salt stored under key, creating it in the cache if it is not there yet."""
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(32), SALT_TTL_SECONDS)
        salt = cache.get(key)
    if salt is None:  # the cache refused to store it: no key we could rely on
        raise ConnectionError("cache unavailable for the address salt")
    return salt.encode()


def address_hmac(address: str) -> str:
    """Return the salted HMAC that rate limits key on."""
    digest = hmac.new(daily_salt() + settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
