"""Rebuild the screening classifier and lemma table from moderation/corpus/ (or check they match it)."""

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Expand the corpus in moderation/corpus/, build the lemma table and fit the crisis/abuse/spam "
        "classifier into moderation/detectors/model/. Needs requirements-dev.txt (simplemma, scikit-learn)."
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only check that the stored model was built from today's corpus.")

    def handle(self, *args, **options):
        from moderation import model_build
        from moderation.detectors.classifier import load_model

        if options["check"]:
            model = load_model()
            if model is None or model.corpus_sha256 != model_build.corpus_sha256():
                raise CommandError("the stored model was not built from this corpus: run manage.py build_screening_model")
            self.stdout.write("the stored model matches the corpus")
            return
        summary = model_build.build()
        self.stdout.write(json.dumps(summary, indent=2))
