from django.core.management.base import BaseCommand

from coupons.services import coupons_cleanup_expired


class Command(BaseCommand):
    help = "Deactivate expired coupons that were used; delete expired ones that never were."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen, change nothing.")

    def handle(self, *args, **options):
        report = coupons_cleanup_expired(dry_run=options["dry_run"])
        would = "Would " if options["dry_run"] else ""
        self.stdout.write(
            f"{would}{'deactivate' if would else 'Deactivated'} {len(report.deactivated)}: "
            f"{', '.join(report.deactivated) or '—'}"
        )
        self.stdout.write(
            f"{would}{'delete' if would else 'Deleted'} {len(report.deleted)}: {', '.join(report.deleted) or '—'}"
        )
