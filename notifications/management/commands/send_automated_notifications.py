from django.core.management.base import BaseCommand

from notifications.automated import send_due


class Command(BaseCommand):
    help = (
        "Send due reminders (24 h before a show, unpaid bookings), premiere announcements to fans of a "
        "genre, re-engagement mail and scheduled announcements. Each notice goes once; safe every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")

    def handle(self, *args, **options):
        notices = send_due(dry_run=options["dry_run"])
        verb = "Would send" if options["dry_run"] else "Sent"
        for notice in notices:
            self.stdout.write(f"  {notice.kind:<10} {notice.user.email:<30} {notice.title}")
        self.stdout.write(f"{verb} {len(notices)} notice{'s' if len(notices) != 1 else ''}.")
