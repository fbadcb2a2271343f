from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting import catalog, files
from xcounter.days import month, year
from xcounter.parsing import EARLIEST_DAY, LATEST_DAY


def _number(value: str, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CommandError(f"--{name} must be a number, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Write the month's movie performance, daily bookings and revenue (payment method, ticket type) "
        "reports, or with --year-only the yearly summary, into --output-dir; --email mails them to every Admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="1–12 (default: last month)")
        parser.add_argument("--year", help="e.g. 2025 (default: the year of last month, or last year with --year-only)")
        parser.add_argument("--format", default="csv", help="csv (default), text or pdf")
        parser.add_argument("--output-dir", default="reports/", help="made if missing (default: reports/)")
        parser.add_argument("--email", action="store_true", help="also mail the reports to every active Admin")
        parser.add_argument("--year-only", action="store_true", help="the yearly summary of --year instead")

    def handle(self, *args, **options):
        file_format = options["format"]
        if file_format not in files.FILE_FORMATS:
            raise CommandError(f"--format must be csv, text or pdf, not {file_format!r}.")
        last_month = month(timezone.localdate()).previous()
        if options["year_only"]:
            if options["month"] is not None:
                raise CommandError("--year-only takes a --year, not a --month.")
            number = (
                _number(options["year"], "year")
                if options["year"] is not None
                else last_month.first.year - (0 if last_month.first.month == 12 else 1)
            )
            self._check_year(number)
            period, slugs = year(date(number, 1, 1)), catalog.YEARLY
        else:
            number = _number(options["month"], "month") if options["month"] is not None else last_month.first.month
            if not 1 <= number <= 12:
                raise CommandError(f"--month must be from 1 to 12, not {number}.")
            which = _number(options["year"], "year") if options["year"] is not None else last_month.first.year
            self._check_year(which)
            period, slugs = month(date(which, number, 1)), catalog.MONTHLY
        directory = Path(options["output_dir"])
        if not directory.is_absolute():
            directory = Path.cwd() / directory
        documents = [catalog.build(slug, period) for slug in slugs]
        written = []
        try:
            for document in documents:
                written.append(files.write(document, file_format, directory))
        except OSError as error:
            raise CommandError(f"Cannot write the reports into {directory}: {error.strerror or error}.") from None
        for path in written:
            self.stdout.write(str(path))
        if options["email"]:
            subject = f"{settings.THEATER_NAME}: reports for {documents[0].period_label}"
            admins = files.mail_to_admins(documents, file_format, subject=subject)
            self.stdout.write(f"Mailed to {len(admins)} Admin{'s' if len(admins) != 1 else ''}: {', '.join(admins)}")

    def _check_year(self, number: int) -> None:
        if not EARLIEST_DAY.year <= number <= LATEST_DAY.year:
            raise CommandError(f"--year must be from {EARLIEST_DAY.year} to {LATEST_DAY.year}, not {number}.")
