from datetime import date

from django.core.management.base import BaseCommand, CommandError

from reporting.services import reports_send_due


class Command(BaseCommand):
    help = (
        "Mail the scheduled reports that are due (monthly: the month before; yearly: the year before) "
        "through the outbox. Each goes once per period, however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD: act as if it were that day (to catch up)")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today must be a date (YYYY-MM-DD), not {options['today']!r}.") from None
        done = reports_send_due(today=today)
        for schedule, period, sending in done:
            what = f"{schedule.report} {period.first.isoformat()}–{period.last.isoformat()}"
            self.stdout.write(f"{what}: {sending.result if sending else 'already sent'}")
        if not done:
            self.stdout.write("No scheduled report is due.")
