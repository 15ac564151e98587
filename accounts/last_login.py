"""The day of an account's last sign-in, never its moment.

A sign-in time to the microsecond lines up with a story posted a second
later, even an anonymous one (issue 15, attack 5). The day is what the
retention of unverified accounts and staff need; it is written at most once
a day.
"""

from django.utils import timezone


def sign_in_day():
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


def record_sign_in_day(sender, user, **kwargs):
    """Store the day of this sign-in as last_login (replaces django.contrib.auth's update_last_login)."""
    day = sign_in_day()
    if user.last_login != day:
        user.last_login = day
        user.save(update_fields=["last_login"])
