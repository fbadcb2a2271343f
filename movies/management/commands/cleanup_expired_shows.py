import argparse

from django.core.management.base import BaseCommand
from django.utils import timezone

from movies.services import shows_archive_expired


def days(value: str) -> int:
    if not value.strip().isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number of days, 0 or more (not {value!r})")
    return int(value)


def shows(count: int, singular: str = "show", plural: str = "shows") -> str:
    return f"{count} {singular if count == 1 else plural}"


class Command(BaseCommand):
    help = (
        "Archive shows that ended more than --days ago (off the staff show list, still in every booking "
        "and report); with --delete, delete those never booked instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=days, default=30, help="Shows that ended more than this many days ago.")
        parser.add_argument(
            "--delete", action="store_true", help="Delete shows never booked; archive the others (they have bookings)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would happen, change nothing.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        report = shows_archive_expired(days=options["days"], delete=options["delete"], dry_run=dry_run)
        before = f"{timezone.localtime(report.cutoff):%d %b %Y %H:%M}"
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        for show in report.deleted:
            self.stdout.write(f"  {'would delete' if dry_run else 'deleted'}: {show} (never booked)")
        for show in report.archived:
            why = " (has bookings)" if options["delete"] else ""
            self.stdout.write(f"  {'would archive' if dry_run else 'archived'}: {show}{why}")
        if options["delete"]:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(f"{verb} {shows(len(report.deleted), 'show that was', 'shows that were')} never booked.")
            verb = "Would archive" if dry_run else "Archived"
            self.stdout.write(
                f"{verb} {shows(len(report.kept))} instead of deleting them: they have bookings, "
                "which stay in the records."
            )
        else:
            verb = "Would archive" if dry_run else "Archived"
            self.stdout.write(f"{verb} {shows(len(report.archived))} that ended before {before}.")
