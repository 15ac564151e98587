"""Production refuses to start with the console e-mail backend: it writes password-reset links and
e-mail addresses into the log. With DJANGO_DEBUG off and no EMAIL_BACKEND, mail goes out by SMTP."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def settings_with(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "EMAIL_BACKEND", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.EMAIL_BACKEND)"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_it_refuses_the_console_backend_without_debug():
    result = settings_with(EMAIL_BACKEND=CONSOLE, DJANGO_DEBUG="0")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Configuration error: EMAIL_BACKEND "), result.stderr


def test_it_sends_by_smtp_in_production_by_default():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_it_keeps_the_console_backend_for_development():
    result = settings_with(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == CONSOLE
