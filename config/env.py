"""Read settings from environment variables, failing loudly on a bad value.

A wrong value stops start-up with one line naming the variable, so a
deployment never runs half-configured.
"""

import os
import sys
from urllib.parse import urlsplit

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def fail(name: str, problem: str) -> None:
    """Stop start-up with a one-line message naming the variable."""
    sys.exit(f"Configuration error: {name} {problem}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    fail(name, f"must be true or false (1/0, yes/no, on/off), not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        fail(name, f"must be a whole number, not {raw!r}")
    if value < minimum:
        fail(name, f"must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, *, schemes: set[str], default: str = "") -> str:
    """Return a URL from the environment after checking its scheme and host."""
    raw = os.environ.get(name, default).strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        fail(name, f"must be a URL starting with one of {allowed}, not {parts.scheme or 'a URL'!r}")
    if parts.scheme not in {"sqlite", "memory"} and not parts.hostname and not parts.path:
        fail(name, "is missing a host")
    try:
        parts.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError:
        fail(name, "has a malformed port")
    return raw
