from django.core.management.base import BaseCommand, CommandError

from bookings.selectors import tickets_outside_their_auditorium


class Command(BaseCommand):
    help = (
        "Check invariants the database cannot enforce itself (run nightly): every ticket's seat is in "
        "its show's auditorium. Lists what breaks them and exits non-zero, so cron mails the report."
    )

    def handle(self, *args, **options):
        stranded = list(tickets_outside_their_auditorium())
        for ticket in stranded:
            show = ticket.show
            self.stdout.write(
                f"Booking {ticket.booking.reference}, ticket {ticket.code} ({ticket.get_status_display()}): "
                f"seat {ticket.seat} of {ticket.seat.auditorium}, but show #{show.pk} “{show.movie}” "
                f"runs in {show.auditorium}."
            )
        if stranded:
            count = "1 ticket points" if len(stranded) == 1 else f"{len(stranded)} tickets point"
            raise CommandError(f"{count} to a seat outside their show's auditorium.")
        self.stdout.write("Integrity check passed: every ticket's seat is in its show's auditorium.")
