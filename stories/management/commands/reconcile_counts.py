from django.core.management.base import BaseCommand

from stories import counters
from stories.models import Campaign


class Command(BaseCommand):
    help = "Recompute the wall's counters from the rows, print the drift per counter and fix it."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report; exit with status 1 if anything drifted.")

    def handle(self, *args, check, **options):
        drift = counters.reconcile(fix=not check)
        slugs = dict(Campaign.objects.values_list("pk", "slug"))
        for (campaign_id, name, bucket), difference in sorted(drift.items()):
            where = name if bucket == counters.EPOCH else f"{name} {bucket:%Y-%m-%d %H:00}"
            self.stdout.write(f"{slugs.get(campaign_id, campaign_id)}: {where}: rows − counter = {difference:+d}")
        if not drift:
            self.stdout.write("No drift: every counter equals its rows.")
            return
        if check:
            self.stderr.write(f"{len(drift)} counters drifted (not fixed: --check).")
            raise SystemExit(1)
        self.stdout.write(f"Fixed {len(drift)} counters.")
