"""A request with a Host header we do not serve leaves no trace of that header on stderr.

Django logs DisallowedHost at ERROR with the header and a traceback. A logger
with no handler and propagate off falls back to logging.lastResort, which
prints to stderr anyway: the header an attacker chose ended up in the log.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUEST_WITH_A_BAD_HOST = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz", headers={"host": "evil-host-9f2c.example"})
print("status", response.status_code)
"""


def test_it_prints_nothing_about_a_disallowed_host():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="tests.settings", ALLOWED_HOSTS="chorus.example.org")
    result = subprocess.run([sys.executable, "-c", REQUEST_WITH_A_BAD_HOST], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "status 400" in result.stdout, result.stdout + result.stderr
    assert "evil-host-9f2c" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "Invalid HTTP_HOST" not in result.stderr
