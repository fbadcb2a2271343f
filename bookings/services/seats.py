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


def show_lock_on_sale(show_id: int, *, known: Show | None = None) -> Show:
    """Lock the show's row (two sales of one show run one after the other) and refuse one not on sale:
    the row as it is now, with its movie and auditorium (those of `known`, the show as the caller
    read it, when it still points at them)."""
    # The row alone is locked (on PostgreSQL a locking query with joins finds nothing when the show
    # it waited for was moved to another auditorium meanwhile); it is read as it is after the wait.
    locked = Show.objects.select_for_update().get(pk=show_id)
    if locked.is_cancelled:
        raise BookingError("This show is cancelled: its seats are no longer on sale.")
    if locked.has_started:
        raise BookingError("This show has already started: its seats are no longer on sale.")
    if _relations_known(known, locked):
        locked.movie, locked.auditorium = known.movie, known.auditorium
    else:
        locked = Show.objects.select_related("movie", "auditorium").get(pk=show_id)
    return locked


def _relations_known(known: Show | None, locked: Show) -> bool:
    """Whether `known` holds the movie and auditorium the locked row points at (no query for them)."""
    return (
        known is not None
        and Show.movie.is_cached(known)
        and Show.auditorium.is_cached(known)
        and (known.movie_id, known.auditorium_id) == (locked.movie_id, locked.auditorium_id)
    )


def seats_take(show: Show, seat_ids, *, keeping: Booking | None = None, replacing_holds_of=None):
    """Lock the show, read the chosen seats, clear expired holds on them and refuse any that are
    held or sold: returns (show, seats), the show as locked (`show_lock_on_sale`), seats in map order.

    `keeping`: a booking whose own seats count as free (it is being changed). `replacing_holds_of`:
    a customer whose live hold on this show gives way to the new pick (one selection per show).
    """
    show = show_lock_on_sale(show.pk, known=show)
    seats = _chosen(show, seat_ids)
    # One read, under the show's lock, finds the tickets on the chosen seats and the customer's own
    # hold on this show. Expired holds never block a seat: they are cleared before it is taken, and
    # the customer's live hold gives way too; any other ticket there means the seat is taken.
    here = Q(seat__in=seats)
    if replacing_holds_of is not None:
        here |= Q(booking__status=Booking.Status.HELD, booking__customer=replacing_holds_of)
    now = timezone.now()
    stale, taken = {}, set()  # stale: booking id -> its seats here
    for seat_id, booking_id, status, expires_at, customer_id in (
        Ticket.objects.filter(ACTIVE_TICKET, here, show=show)
        .order_by()
        .values_list("seat_id", "booking_id", "booking__status", "booking__hold_expires_at", "booking__customer_id")
    ):
        if status == Booking.Status.HELD and (
            (expires_at is not None and expires_at <= now)
            or (replacing_holds_of is not None and customer_id == replacing_holds_of.pk)
        ):
            stale.setdefault(booking_id, set()).add(seat_id)
        elif keeping is None or booking_id != keeping.pk:
            taken.add(seat_id)
    if stale:
        # A hold being confirmed this instant has its row locked by the confirmation, which then
        # waits for the show's lock held here: waiting for it in turn would deadlock. Skip it; it is
        # not stale after all, and its seats count as taken.
        clearable = set(
            Booking.objects.select_for_update(skip_locked=True).filter(pk__in=stale).values_list("pk", flat=True)
        )
        Booking.objects.filter(pk__in=clearable).delete()
        for booking_id in stale.keys() - clearable:
            taken |= stale[booking_id]
    labels = sorted(str(seat) for seat in seats if seat.pk in taken)
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
    seats = list(Seat.objects.filter(auditorium_id=show.auditorium_id, pk__in=ids).order_by())
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
