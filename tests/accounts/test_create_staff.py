"""Roles as groups, and the create_staff command that bootstraps a deployment."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "correct-horse-battery-staple-7"


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_it_creates_the_roles_with_their_permissions():
    assert codenames("moderator") == {"moderate"}
    senior = {"moderate", "review_appeals", "view_audit_log", "view_metrics", "undo_decision"}
    assert codenames("senior moderator") == senior
    assert codenames("admin") == senior


@pytest.mark.parametrize(
    ("role", "group", "superuser"),
    [("moderator", "moderator", False), ("senior", "senior moderator", False), ("admin", "admin", True)],
)
def test_it_creates_staff_in_each_role(monkeypatch, role, group, superuser):
    monkeypatch.setenv("STAFF_PASSWORD", STRONG)
    call_command("create_staff", "alex", "--role", role, "--password-env", "STAFF_PASSWORD")
    user = User.objects.get(username="alex")
    assert user.is_staff is True
    assert user.is_superuser is superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.check_password(STRONG)


def test_it_gives_a_moderator_exactly_the_moderator_permissions(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", STRONG)
    call_command("create_staff", "alex", "--role", "moderator", "--password-env", "STAFF_PASSWORD")
    user = User.objects.get(username="alex")
    assert user.has_perm("accounts.moderate")
    assert not user.has_perm("accounts.review_appeals")


def test_it_reads_the_password_from_a_prompt(monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_staff", "sam", "--role", "senior")
    assert User.objects.get(username="sam").check_password(STRONG)


def test_it_refuses_two_different_prompted_passwords(monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="differ"):
        call_command("create_staff", "sam", "--role", "senior")
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["short", "password1234", "1234567890123"])
def test_it_refuses_a_weak_password(monkeypatch, password):
    monkeypatch.setenv("STAFF_PASSWORD", password)
    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_staff", "alex", "--role", "admin", "--password-env", "STAFF_PASSWORD")
    assert not User.objects.exists()


def test_it_refuses_an_unset_environment_variable(monkeypatch):
    monkeypatch.delenv("STAFF_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="STAFF_PASSWORD"):
        call_command("create_staff", "alex", "--role", "admin", "--password-env", "STAFF_PASSWORD")
    assert not User.objects.exists()


def test_it_refuses_an_existing_username_and_changes_nothing(monkeypatch):
    existing = UserFactory(username="alex")
    monkeypatch.setenv("STAFF_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_staff", "Alex", "--role", "admin", "--password-env", "STAFF_PASSWORD")
    existing.refresh_from_db()
    assert not existing.is_staff
    assert not existing.is_superuser


def test_it_refuses_an_invalid_username(monkeypatch):
    monkeypatch.setenv("STAFF_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="username"):
        call_command("create_staff", "no spaces please", "--role", "moderator", "--password-env", "STAFF_PASSWORD")


def test_it_refuses_an_unknown_role():
    with pytest.raises(CommandError):
        call_command("create_staff", "alex", "--role", "overlord")


def test_it_works_from_a_fresh_database(tmp_path):
    """The README's bootstrap: migrate an empty database, then create the first admin."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env.update(SQLITE_PATH=str(tmp_path / "fresh.sqlite3"), DJANGO_SETTINGS_MODULE="config.settings", FIRST_ADMIN=STRONG)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=root, env=env, capture_output=True, text=True, timeout=120
        )

    assert manage("migrate", "--noinput").returncode == 0
    result = manage("create_staff", "first-admin", "--role", "admin", "--password-env", "FIRST_ADMIN")
    assert result.returncode == 0, result.stderr
    assert "Created admin 'first-admin'" in result.stdout
    assert STRONG not in result.stdout + result.stderr
