"""Create a staff account with a role, so a deployment needs no Django admin to start.

    python manage.py create_staff alice --role moderator
    CHORUS_STAFF_PASSWORD=... python manage.py create_staff bob --role admin --password-env CHORUS_STAFF_PASSWORD
"""

import getpass
import os

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.roles import ADMIN, ROLE_CHOICES


class Command(BaseCommand):
    help = "Create a staff account (moderator, senior moderator or admin). Two-factor setup is asked at first sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_CHOICES))
        parser.add_argument(
            "--password-env", metavar="VAR", help="read the password from this environment variable instead of a prompt"
        )

    def handle(self, *args, username, role, password_env, **options):
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} already exists; nothing was changed.")
        group_name = ROLE_CHOICES[role]
        user = User(username=username, is_staff=True, is_superuser=group_name == ADMIN)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError(_first_messages(error)) from None
        password = self.read_password(password_env)
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(f"The {group_name!r} group is missing; run `manage.py migrate` first.") from None
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"Created {group_name} {username!r}.")
            + " They must set up two-factor authentication when they first sign in."
        )

    def read_password(self, password_env: str | None) -> str:
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The environment variable {password_env} is empty or not set.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        return password


def _first_messages(error: ValidationError) -> str:
    return " ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
