"""The door: a valid, paid ticket gets in once, while its show's door is open."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings import codes, pricing, signals
from bookings.models import Booking, Ticket
from bookings.services import steps
from movies.models import Show
from xcounter.days import format_when


@dataclass(frozen=True)
class CheckIn:
    outcome: str  # valid, used, cancelled, other_show, unpaid, unknown
    message: str
    ticket: Ticket | None = None


def ticket_check_in(*, code: str, show: Show | None, by) -> CheckIn:
    """Let a valid, paid ticket in once; refuse replaced, cancelled, unpaid and wrong-show tickets.

    A ticket gets in only while its show's door is open, from DOOR_OPENS_HOURS_BEFORE the start
    until the movie ends, whether or not a show is chosen at the door (any show can be picked).
    """
    code = codes.normalise_ticket_code(code)
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("seat", "show__movie", "show__auditorium", "booking")
            .filter(code=code)
            .first()
        )
        if ticket is None or ticket.status == Ticket.Status.HELD:
            return CheckIn("unknown", "No ticket has this code. Check it was typed right.")
        if ticket.status == Ticket.Status.CANCELLED:
            return CheckIn("cancelled", "This ticket was cancelled: it does not admit anyone.", ticket)
        if ticket.status == Ticket.Status.REPLACED:
            return CheckIn(
                "cancelled", "This ticket was replaced when the booking was changed: ask for the new one.", ticket
            )
        opens = ticket.show.starts_at - timedelta(hours=settings.DOOR_OPENS_HOURS_BEFORE)
        door_open = opens <= timezone.now() <= ticket.show.ends_at
        if (show is not None and ticket.show_id != show.pk) or not door_open:
            when = format_when(ticket.show.starts_at)
            message = f"This ticket is for {ticket.show.movie} in {ticket.show.auditorium} at {when}."
            if not door_open:
                later = timezone.now() < opens
                message += f" The door opens at {format_when(opens)}." if later else " That show is over."
            return CheckIn("other_show", message, ticket)
        booking = ticket.booking
        if booking.payment_status == Booking.PaymentStatus.UNPAID and booking.total > 0:
            return CheckIn(
                "unpaid",
                f"Not paid yet: {pricing.format_money(pricing.amount_due(booking))} due. "
                f"Send the guest to the box office with {booking.reference}.",
                ticket,
            )
        if ticket.used_at is not None:
            return CheckIn("used", f"Already used at {format_when(ticket.used_at)}.", ticket)
        ticket.used_at = timezone.now()
        ticket.checked_in_by = by
        ticket.save(update_fields=["used_at", "checked_in_by"])
        steps.log(booking, by, "checked in", f"Seat {ticket.seat} at the door")
        signals.ticket_checked_in.send(sender=Ticket, ticket=ticket)
    return CheckIn("valid", f"Welcome! Row {ticket.seat.row}, seat {ticket.seat.number}.", ticket)
