from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bookings.loyalty import tiers_refresh_all
from demo.bookings import seed_bookings
from demo.coupons import seed_coupons
from demo.employees import seed_staff
from demo.movies import seed_catalog
from demo.users import DEMO_PASSWORD, seed_users
from notifications.services import muted


class Command(BaseCommand):
    help = "Fill a development database with a living demo theater (idempotent; refused when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=60, help="Days of past sales to invent (default 60).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG=True: it creates accounts with a public password.")
        # The invented past (sales, salary entries, paid months, tiers) tells nobody: no notice, no mail.
        with muted():
            self._seed(options["days"])

    def _seed(self, days: int):
        users = seed_users()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for user in users:
            note = "  (2FA: see “Your sign-in code: …” in this console)" if user.needs_two_factor else ""
            self.stdout.write(f"  {user.get_role_display():<10} {user.email}{note}")
        self.stdout.write(f"Staff: {seed_staff()} employee records with salary history and shifts.")
        catalog = seed_catalog()
        self.stdout.write(
            f"Catalog: {catalog['movies']} movies, {catalog['auditoriums']} auditoriums, "
            f"{catalog['new_shows']} new shows over the next two weeks."
        )
        made = seed_bookings(days_back=days)
        self.stdout.write(f"Bookings: {made} new, online and at the counter, over the last {days} days.")
        self.stdout.write(f"Coupons: {seed_coupons()} new (try WELCOME10 at checkout).")
        checked, changed = tiers_refresh_all()
        self.stdout.write(f"Loyalty tiers: {checked} customers counted, {changed} changed tier.")
