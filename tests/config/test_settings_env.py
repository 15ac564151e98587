"""Settings come from the environment, and a wrong value stops start-up with one line."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_it_defaults_to_the_embedded_first_run():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "django.core.cache.backends.locmem.LocMemCache"]


def test_it_switches_to_real_services():
    result = run_settings(
        DATABASE_URL="postgres://u@db.example:5432/chorus", REDIS_URL="redis://cache:6379/1",
        CELERY_BROKER_URL="amqp://guest:guest@mq:5672//",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "config.redis_cache.ChorusRedisCache"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql-ish:not a url"),
        ("DATABASE_URL", "postgres://u@host:notaport/db"),
        ("REDIS_URL", "http://cache"),
        ("CELERY_BROKER_URL", "kafka://x"),
        ("DJANGO_DEBUG", "maybe"),
        ("STORY_MAX_CHARS", "lots"),
    ],
)
def test_it_stops_with_one_line_naming_the_variable(name, value):
    result = run_settings(**{name: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {name} ")


def test_it_never_prints_a_password_from_a_bad_url():
    result = run_settings(DATABASE_URL="postgres://u:hunter2secret@host:bad/db")
    assert result.returncode != 0
    assert "hunter2secret" not in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-1234567890",
        ALLOWED_HOSTS="chorus.example.org",
        CHORUS_REQUIRE_SECRET_KEY="1",
        ADMIN_PATH="staff-7f3c9a2e/",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_readme_lists_every_environment_variable_the_settings_read():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    readme = (ROOT / "README.md").read_text()
    names = set(re.findall(r'env_\w+\("([A-Z][A-Z0-9_]+)"', settings_source))
    assert len(names) > 20
    assert sorted(name for name in names if f"`{name}`" not in readme) == []
