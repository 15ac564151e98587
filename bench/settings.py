"""Bench-only settings: the production settings plus the yardstick app and its URLs.

Everything else (database, cache, broker, DEBUG, rate limits) comes from the
environment exactly as in production; `python -m bench` sets it.
"""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
# Collected apart from the real staticfiles/ so a bench run never touches a deployment's files.
STATIC_ROOT = BASE_DIR / "bench" / ".data" / "static"
