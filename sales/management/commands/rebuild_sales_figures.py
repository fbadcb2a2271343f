from datetime import date

from django.core.management.base import BaseCommand, CommandError

from sales import services


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (use YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Recompute the sales figures from the ticket lines and payments (every day with sales unless "
        "--from/--to say which), fix what differs and list each difference it fixed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", type=_day, help="First day (YYYY-MM-DD, theater time).")
        parser.add_argument("--to", dest="last", type=_day, help="Last day, included.")

    def handle(self, *args, first=None, last=None, **options):
        extent = services.extent()
        if extent is None and not (first and last):
            self.stdout.write("No sales yet: nothing to rebuild.")
            return
        first, last = first or extent[0], last or extent[1]
        if first > last:
            raise CommandError("--from is after --to.")
        fixed = 0
        for start, end in services.months(first, last):
            for difference in services.rebuild(start, end):
                self.stdout.write(f"Fixed {difference}")
                fixed += 1
        summary = f"{fixed} row{'' if fixed == 1 else 's'} fixed" if fixed else "no difference"
        self.stdout.write(f"Sales figures of {first} to {last} rebuilt from the ticket lines: {summary}.")
