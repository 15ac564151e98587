"""Test settings: the real settings, with only what tests need changed."""

import os
import re


def _own_redis_databases_per_test_worker() -> None:
    """Give each pytest-xdist worker its own Redis databases (`make test` runs two workers).

    Every test empties the cache and purges the broker's queues, so two workers sharing a database
    would wipe each other's state mid-test. Worker gwN uses the configured database numbers plus
    10 x N (gw0 the configured ones, gw1 10 and 11 for the usual 0 and 1), in os.environ as well, so
    the servers and workers a test starts in a subprocess inherit the same databases. The tests that
    use fixed database numbers of their own run on one worker (the xdist_group in tests/conftest.py).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return
    shift = 10 * int(worker[2:])
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        url = os.environ.get(name, "")
        match = re.fullmatch(r"(rediss?://[^/]+)/(\d+)", url)
        if match and shift:
            os.environ[name] = f"{match[1]}/{int(match[2]) + shift}"


_own_redis_databases_per_test_worker()

from config.settings import *  # noqa: E402, F403
from config.settings import CELERY_BROKER_URL as _BROKER  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Unit tests run tasks eagerly; the worker tests switch this off and use the real broker.
CELERY_TASK_ALWAYS_EAGER = True
REAL_BROKER_URL = _BROKER if _BROKER != "memory://" else ""

# A replica alias that is Django's test mirror of the default database. The wall reads it
# only where a test asks (the `replica` fixture sets WALL_DATABASE = "replica").
DATABASES = {**DATABASES, "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}}}  # noqa: F405
WALL_DATABASE = "default"
# Most tests read a page, change something and read it again within the same second; the
# finished-bytes cache of the wall is tested on its own (tests/config/test_anonymous_cache.py,
# tests/e2e/test_cross_origin_tap.py, tests/deploy/test_nginx_cache.py), which switch it on.
ANONYMOUS_CACHE_SECONDS = 0
