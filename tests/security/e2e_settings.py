"""Production settings for the end-to-end privacy test, with one change.

Static files are served from the source tree (no collectstatic into the
repository during a test run); everything else is config.settings.
"""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
