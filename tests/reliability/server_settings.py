"""Production settings for the gunicorn started by the fault and load tests.

Only static files differ: production serves a collectstatic manifest, which
a test run does not build, so whitenoise serves straight from static/.
"""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
