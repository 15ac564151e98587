"""Derive the compact name and word lists screening reads from packages made for it (build time only)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Write moderation/wordlists/derived_*.txt from names-dataset (first names and surnames by country), "
        "wordfreq (word frequencies), simplemma (dictionary forms) and the Public Suffix List (top-level domains). Needs requirements-dev.txt; loading "
        "names-dataset whole takes about 2 GB and a minute, which is why a worker reads these lists instead."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument(
            "--tlds-only", action="store_true",
            help="Only write derived_tlds.txt from the Public Suffix List (Debian's publicsuffix package); "
                 "needs neither names-dataset nor wordfreq.",
        )

    def handle(self, *args, **options):
        from moderation.wordlist_build import build, build_tlds

        built = build_tlds() if options["tlds_only"] else {**build(), **build_tlds()}
        for name, count in built.items():
            self.stdout.write(f"{name}: {count} entries")
