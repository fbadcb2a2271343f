"""Taking seats: the one step every sale, hold, house reservation and change goes through."""

from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from bookings.exceptions import BookingError, SeatsTaken
from bookings.models import ACTIVE_TICKET, Booking, Ticket
from movies.models import Seat, Show
from xcounter.words import counted


def show_lock_on_sale(show_id: int) -> Show:
    """Lock the show's row (two sales of one show run one after the other) and refuse one not on sale."""
    # The row alone is locked, then read with its relations: on PostgreSQL a locking query with joins
    # finds nothing when the show it waited for was moved to another auditorium meanwhile.
    Show.objects.select_for_update().get(pk=show_id)
    show = Show.objects.select_related("movie", "auditorium").get(pk=show_id)
    if show.is_cancelled:
        raise BookingError("This show is cancelled: its seats are no longer on sale.")
    if show.has_started:
        raise BookingError("This show has already started: its seats are no longer on sale.")
    return show


def seats_take(show_id: int, seat_ids, *, keeping: Booking | None = None, replacing_holds_of=None):
    """Lock the show, read the chosen seats, clear expired holds on them and refuse any that are
    held or sold: returns (show, seats), seats in map order.

    `keeping`: a booking whose own seats count as free (it is being changed). `replacing_holds_of`:
    a customer whose live hold on this show gives way to the new pick (one selection per show).
    """
    show = show_lock_on_sale(show_id)
    seats = _chosen(show, seat_ids)
    # Expired holds never block a seat: clear them before taking it. The customer's own live hold
    # on this show gives way too; one read finds both (each delete() reads before it deletes, and
    # this runs under the show's lock).
    stale = Q(hold_expires_at__lte=timezone.now(), tickets__seat__in=seats)
    if replacing_holds_of is not None:
        stale |= Q(customer=replacing_holds_of)
    Booking.objects.filter(Q(show=show, status=Booking.Status.HELD), stale).delete()
    taken = Ticket.objects.filter(ACTIVE_TICKET, show=show, seat__in=seats)
    if keeping is not None:
        taken = taken.exclude(booking=keeping)
    labels = sorted(str(ticket.seat) for ticket in taken.select_related("seat"))
    if labels:
        raise SeatsTaken(f"Sorry, {', '.join(labels)} {'was' if len(labels) == 1 else 'were'} just taken. Pick again.")
    return show, seats


def _chosen(show: Show, seat_ids) -> list[Seat]:
    try:
        ids = {int(seat_id) for seat_id in seat_ids}
    except (TypeError, ValueError) as error:
        raise BookingError("Some of the chosen seats are not seats of this show.") from error
    if not ids:
        raise BookingError("Choose at least one seat.")
    if len(ids) > settings.BOOKING_MAX_SEATS:
        raise BookingError(f"A booking holds at most {counted(settings.BOOKING_MAX_SEATS, 'seat')}.")
    seats = list(Seat.objects.filter(auditorium_id=show.auditorium_id, pk__in=ids))
    if len(seats) != len(ids):
        raise BookingError("Some of the chosen seats are not seats of this show.")
    return sorted(seats, key=lambda seat: (seat.grid_row, seat.grid_column))


@contextmanager
def seats_transaction():
    """The transaction of a seat-taking action; a unique-index clash (a racer past our lock, which
    the database stops) reads as 'taken', like any seat someone else got first."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if "one_active_ticket_per_seat" not in str(
            error
        ) and "UNIQUE constraint failed: bookings_ticket.show_id, bookings_ticket.seat_id" not in str(error):
            raise
        raise SeatsTaken("Sorry, one of those seats was just taken. Pick again.") from error
