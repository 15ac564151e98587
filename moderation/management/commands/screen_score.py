"""Print screening recall per type and language and the false-positive rate on a labelled set."""

from django.core.management.base import BaseCommand, CommandError

from moderation import screening_score
from moderation.screening import config_from_settings


class Command(BaseCommand):
    help = (
        "Score screening on a labelled JSON-lines file: recall per type and per language, and the "
        "share of clean rows with any signal. Prints aggregates only."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("path", help="JSON lines of {id, lang, text, labels: [{type, value}], clean}")

    def handle(self, *args, **options):
        try:
            rows = screening_score.read_jsonl(options["path"])
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {options['path']}: {error}") from None
        score = screening_score.score_rows(rows, config=config_from_settings())
        self.stdout.write(screening_score.report(score))
