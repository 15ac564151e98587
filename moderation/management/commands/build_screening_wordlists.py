"""Derive the compact name and word lists screening reads from packages made for it (build time only)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Write moderation/wordlists/derived_*.txt from names-dataset (first names and surnames by country), "
        "wordfreq (word frequencies) and simplemma (dictionary forms). Needs requirements-dev.txt; loading "
        "names-dataset whole takes about 2 GB and a minute, which is why a worker reads these lists instead."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def handle(self, *args, **options):
        from moderation.wordlist_build import build

        for name, count in build().items():
            self.stdout.write(f"{name}: {count} entries")
