"""Production settings for the end-to-end privacy test, with two changes.

Static files are served from the source tree (no collectstatic into the
repository during a test run) and mail stays in memory; everything else is config.settings.
"""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Production sends mail by SMTP; the probe has no mail server, so mail stays in the process.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
