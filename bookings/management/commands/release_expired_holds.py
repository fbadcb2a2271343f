from django.core.management.base import BaseCommand

from bookings.services import holds_release_expired


class Command(BaseCommand):
    help = "Delete seat holds whose time ran out (they already block nothing; this keeps the table small)."

    def handle(self, *args, **options):
        released = holds_release_expired()
        self.stdout.write(f"Released {released} expired hold{'s' if released != 1 else ''}.")
