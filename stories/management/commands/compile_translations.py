"""Compile locale/*/LC_MESSAGES/django.po to .mo with Babel (no gettext needed)."""

from django.core.management.base import BaseCommand

from stories.translations import compile_stale_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues that changed since they were last compiled (no gettext needed)."

    def handle(self, *args, **options):
        for mo in compile_stale_catalogues():
            self.stdout.write(f"compiled {mo}")
