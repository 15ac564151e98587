"""Run the retention rules now (the beat task `maintenance.purge_expired` runs them daily)."""

from django.core.management.base import BaseCommand

from accounts.retention import purge_expired


class Command(BaseCommand):
    help = "Erase expired story text and unverified accounts (see accounts/retention.py and stories/retention.py)."

    def handle(self, *args, **options):
        counts = purge_expired()
        for name, count in counts.items():
            self.stdout.write(f"{name.replace('_', ' ')}: {count}")
