from django.core.management.base import BaseCommand

from bookings.loyalty import tiers_refresh_all
from xcounter.words import counted


class Command(BaseCommand):
    help = "Recompute every customer's loyalty tier from the last 12 months of tickets (run nightly)."

    def handle(self, *args, **options):
        checked, changed = tiers_refresh_all()
        self.stdout.write(f"Checked {counted(checked, 'customer')}; {changed} changed tier.")
