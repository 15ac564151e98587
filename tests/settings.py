"""Test settings: the real settings, with only what tests need changed."""

from config.settings import *  # noqa: F403
from config.settings import CELERY_BROKER_URL as _BROKER

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
