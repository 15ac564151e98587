"""Screen texts from stdin without a database: the task's own code path, for tuning."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from moderation import screening


class Command(BaseCommand):
    help = 'Read JSON lines {"id": ..., "text": ...} on stdin; write one JSON line of signals per input.'
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", required=True, help="JSON lines in, JSON lines out.")

    def handle(self, *args, **options):
        config = screening.config_from_settings()
        out = self.stdout
        bad_lines = 0
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                # One bad line must not cost the rest of the file: report it, go on, fail at the end.
                self.stderr.write(f'line {number}: expected {{"id": ..., "text": "..."}}; skipped')
                bad_lines += 1
                continue
            result = screening.screen_text(text, config=config)
            out.write(
                json.dumps(
                    {
                        "id": item.get("id"),
                        "priority": result.priority,
                        "lane": result.lane,
                        "language": result.language,
                        "signals": [
                            {"type": s.type, "start": s.start, "end": s.end, "confidence": s.confidence}
                            for s in result.signals
                        ],
                    },
                    ensure_ascii=False,
                )
            )
        if bad_lines:
            raise CommandError(f"{bad_lines} bad line(s) skipped", returncode=1)
