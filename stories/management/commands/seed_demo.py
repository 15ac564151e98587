import time

from django.core.management.base import BaseCommand

from stories.demo_data import seed


class Command(BaseCommand):
    help = "Create demo campaigns, voices and published stories (all plainly marked as demo)."

    def add_arguments(self, parser):
        parser.add_argument("--voices", type=int, default=500)
        parser.add_argument("--stories", type=int, default=40)
        parser.add_argument("--pending", type=int, default=5)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if there are voices already.")

    def handle(self, *args, voices, stories, pending, if_empty, **options):
        from stories.models import Tap

        if if_empty and Tap.objects.exists():
            self.stdout.write("Demo data already present; nothing to do.")
            return
        started = time.monotonic()
        result = seed(voices=voices, stories=stories, pending=pending)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Seeded {result['voices']:,} voices and {result['stories']:,} stories in {elapsed:.1f}s.")
