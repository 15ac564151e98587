"""The bare project's settings: what Django costs with nothing of Chorus, under the same gunicorn."""

import os

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.bare_project.urls"
DATABASES: dict = {}
USE_I18N = False
USE_TZ = True
