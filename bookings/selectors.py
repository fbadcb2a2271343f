"""Reads of bookings: the seat map, who may see which booking, documents."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from bookings import pricing
from bookings.models import Booking, Ticket
from bookings.services import cancel_refusal
from movies.models import Auditorium, Movie, Seat, Show
from movies.selectors import SeatLayout, seat_layout
from users.models import Role
from users.permissions import MANAGERS
from xcounter.days import day_bounds
from xcounter.prepared import Prepared, fields_of, instances, related_fields


def _taking_a_seat(now=None) -> Q:
    """Tickets that take a seat now: confirmed ones and holds not yet expired."""
    return Q(status=Ticket.Status.CONFIRMED) | Q(
        status=Ticket.Status.HELD, booking__hold_expires_at__gt=now or timezone.now()
    )


def live_tickets(show: Show, *, now=None) -> QuerySet[Ticket]:
    """The show's tickets that take a seat now."""
    return Ticket.objects.filter(show=show).filter(_taking_a_seat(now))


# "Few seats left" from this share of the auditorium down (and above none).
FEW_SEATS_SHARE = Decimal("0.10")


@dataclass(frozen=True)
class SeatsLeft:
    left: int
    capacity: int

    @property
    def sold_out(self) -> bool:
        return self.left <= 0

    @property
    def few_left(self) -> bool:
        return 0 < self.left <= self.capacity * FEW_SEATS_SHARE


# Seats left per show: the hall's seats less the tickets that take a seat now (`_taking_a_seat`).
# Plain SQL: it is asked on every movie page and schedule, and building it through the ORM cost
# more CPU than running it. Each hall's seats are counted once, however many of its shows are
# asked for; sold tickets are counted from the (show, status) index, only holds look at their
# booking's expiry.
_SEATS_LEFT_SQL = """
    WITH chosen AS (SELECT id, auditorium_id FROM {show} WHERE id IN ({ids})),
    halls AS (
        SELECT auditorium_id, COUNT(*) AS seats FROM {seat}
        WHERE auditorium_id IN (SELECT auditorium_id FROM chosen) GROUP BY auditorium_id
    )
    SELECT chosen.id, COALESCE(halls.seats, 0),
        (SELECT COUNT(*) FROM {ticket} ticket WHERE ticket.show_id = chosen.id AND ticket.status = %s)
        + (SELECT COUNT(*) FROM {ticket} ticket INNER JOIN {booking} booking ON booking.id = ticket.booking_id
           WHERE ticket.show_id = chosen.id AND ticket.status = %s AND booking.hold_expires_at > %s)
    FROM chosen LEFT JOIN halls ON halls.auditorium_id = chosen.auditorium_id
"""


def seats_left(show_ids) -> dict[int, SeatsLeft]:
    """Seats still free per show, for lists of shows: one query however many shows."""
    show_ids = [int(pk) for pk in show_ids]
    if not show_ids:
        return {}
    sql = _SEATS_LEFT_SQL.format(
        seat=Seat._meta.db_table,
        ticket=Ticket._meta.db_table,
        booking=Booking._meta.db_table,
        show=Show._meta.db_table,
        ids=", ".join(["%s"] * len(show_ids)),
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*show_ids, Ticket.Status.CONFIRMED.value, Ticket.Status.HELD.value, now])
        rows = cursor.fetchall()
    return {pk: SeatsLeft(left=max(0, capacity - taken), capacity=capacity) for pk, capacity, taken in rows}


# States of a seat on a seat map; a seat not in `SeatMap.states` is free.
SELECTABLE = ("free", "current")  # current: a seat of the booking being changed


@dataclass(frozen=True)
class SeatMap:
    """A show's seat map: the auditorium's layout (cached per layout version, `seat_layout`) and
    the live state of every taken seat, read by one query each time, so it is never stale."""

    show: Show
    layout: SeatLayout
    states: dict[int, str]  # seat pk -> held, sold, house, yours, current

    def state_of(self, seat_id: int) -> str:
        return self.states.get(seat_id, "free")

    @property
    def open(self) -> bool:
        """Whether there is a seat to choose: a free one, or the viewer's own hold (choosing again
        gives it up). A sold-out show's map is not opened for booking."""
        blocked = sum(1 for state in self.states.values() if state not in SELECTABLE and state != "yours")
        return blocked < self.layout.seat_count

    def still_free(self, seat_ids) -> set[int]:
        """Which of these seats may still be chosen."""
        return {pk for pk in set(seat_ids) & self.layout.seat_ids if self.state_of(pk) in SELECTABLE}


# Markers for the prepared reads below (`xcounter.prepared`): values no real show or time has.
_SHOW_MARK = -7_310_000_001
_NOW_MARK = datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=UTC)

# The seat map's read of the live tickets, its SQL written once per process: the same query as
# `live_tickets(show).values_list(...)`, run every time with the show and the time of the request.
_live_states = Prepared(
    lambda show_id, now: (
        live_tickets(Show(pk=show_id), now=now)
        .order_by()  # in no order: a ticket's seat order would join the seats for nothing
        .values_list("seat_id", "status", "booking__channel", "booking__created_by_id", "booking_id")
    ),
    _SHOW_MARK,
    _NOW_MARK,
)


def seat_map(show: Show, *, viewer=None, changing: Booking | None = None) -> SeatMap:
    """The show's seat map: two reads at most (the layout once per layout version, then cached;
    the show's live tickets every time, never cached), whatever the number of seats."""
    states = {}
    for seat_id, status, channel, created_by, booking_id in _live_states.rows(show.pk, timezone.now()):
        if changing is not None and booking_id == changing.pk:
            states[seat_id] = "current"
        elif channel == Booking.Channel.HOUSE:
            states[seat_id] = "house"
        elif status == Ticket.Status.HELD:
            states[seat_id] = "yours" if viewer is not None and created_by == viewer.pk else "held"
        else:
            states[seat_id] = "sold"
    return SeatMap(show=show, layout=seat_layout(show.auditorium), states=states)


def shows_on_sale() -> QuerySet[Show]:
    return Show.objects.upcoming().select_related("movie", "auditorium")


BOX_OFFICE_DAYS = 3
BOX_OFFICE_FOUND = 50


def box_office_shows(*, query: str = "") -> QuerySet[Show]:
    """The counter's list: shows on sale today and the next two days, or with a search (movie title
    or auditorium), the first of every show on sale that matches."""
    shows = shows_on_sale().order_by("starts_at", "auditorium__name")
    if query:
        return shows.filter(Q(movie__title__icontains=query) | Q(auditorium__name__icontains=query))[:BOX_OFFICE_FOUND]
    start, _ = day_bounds(timezone.localdate())
    return shows.filter(starts_at__lt=start + timedelta(days=BOX_OFFICE_DAYS))


# A show with its movie and auditorium, every field, as `shows_on_sale()` gives them, in one read
# whose SQL is written once per process (the seat map's busiest query): see `show_on_sale`.
_show_with_movie = Prepared(
    lambda show_id: (
        Show.objects.filter(pk=show_id)
        .order_by()
        .values_list(*fields_of(Show), *related_fields("movie", Movie), *related_fields("auditorium", Auditorium))
    ),
    _SHOW_MARK,
)


def show_on_sale(show_id: int) -> Show:
    """A show on sale (`Show.objects.upcoming()`: scheduled, not started), with its movie and
    auditorium; 404 for any other. One read, its SQL written once per process."""
    rows = _show_with_movie.rows(show_id) if 0 < show_id < 2**63 else []  # an id a database column holds
    if not rows:
        raise Http404("This show is not on sale")
    show, movie, auditorium = instances(rows[0], Show, Movie, Auditorium)
    # The rule of `upcoming()`, on the row read: scheduled and not started (`Show.has_started`).
    if show.status != Show.Status.SCHEDULED or show.has_started:
        raise Http404("This show is not on sale")
    show.movie, show.auditorium = movie, auditorium
    return show


def bookings_for(user) -> QuerySet[Booking]:
    """The bookings a user may see: their own as customer, those they sold as salesman, all for managers."""
    bookings = Booking.objects.select_related("show__movie", "show__auditorium", "customer", "created_by")
    if user.role in MANAGERS:
        return bookings
    if user.role == Role.SALESMAN:
        return bookings.filter(created_by=user)
    return bookings.filter(customer=user)


def customer_bookings(user) -> tuple[QuerySet[Booking], QuerySet[Booking], QuerySet[Booking]]:
    """A customer's own bookings for "My bookings": upcoming (soonest show first), past (latest show
    first) and cancelled, apart. Upcoming means the show is on sale (`Show.objects.upcoming()`);
    holds that ran out are left out."""
    live = bookings_for(user).exclude(status=Booking.Status.HELD, hold_expires_at__lte=timezone.now())
    active = live.exclude(status=Booking.Status.CANCELLED)
    on_sale = Show.objects.upcoming()
    return (
        active.filter(show__in=on_sale).order_by("show__starts_at", "pk"),
        active.exclude(show__in=on_sale).order_by("-show__starts_at", "-pk"),
        live.filter(status=Booking.Status.CANCELLED).order_by("-show__starts_at", "-pk"),
    )


_REFERENCE_MARK, _CUSTOMER_MARK = "XC-PREPARED-MARK", -7_310_000_002

# A customer's own booking by its reference, with its show, movie and auditorium: every page of the
# checkout asks for it, so its SQL is written once per process. The rule is `bookings_for`'s for a
# customer (theirs alone); their pages never show who made the booking.
_own_booking = Prepared(
    lambda reference, customer_id: (
        Booking.objects.filter(reference=reference, customer_id=customer_id)
        .order_by()
        .values_list(
            *fields_of(Booking),
            *related_fields("show", Show),
            *related_fields("show__movie", Movie),
            *related_fields("show__auditorium", Auditorium),
        )
    ),
    _REFERENCE_MARK,
    _CUSTOMER_MARK,
)


def booking_get_for(user, reference: str) -> Booking:
    """One booking the user may see, or 404 — the same answer for missing and not yours."""
    if user.role in MANAGERS or user.role == Role.SALESMAN:
        try:
            return bookings_for(user).get(reference=reference)  # unique: no ordering to work out
        except Booking.DoesNotExist:
            raise Http404("No such booking") from None
    rows = _own_booking.rows(reference, user.pk)
    if not rows:
        raise Http404("No such booking")
    booking, show, movie, auditorium = instances(rows[0], Booking, Show, Movie, Auditorium)
    show.movie, show.auditorium = movie, auditorium
    booking.show, booking.customer = show, user
    return booking


def held_seats(booking: Booking) -> list[Seat]:
    """The seats of a held booking, in map order (for its price at checkout)."""
    return list(Seat.objects.filter(tickets__booking=booking).order_by("grid_row", "grid_column"))


def booking_documents(booking: Booking) -> tuple[list[Ticket], list]:
    """The tickets a PDF shows (valid ones, or those cancelled with the booking) and payments."""
    status = Ticket.Status.CANCELLED if booking.status == Booking.Status.CANCELLED else Ticket.Status.CONFIRMED
    tickets = list(booking.tickets.filter(status=status).select_related("seat", "booking"))
    return tickets, list(booking.payments.all())


def is_cancellable(booking: Booking) -> bool:
    """Whether to offer the cancel button: the cancel service's own rule."""
    return cancel_refusal(booking) is None


@dataclass(frozen=True)
class CancelOutcome:
    """What cancelling a booking would do now, for the page that asks first."""

    refusal: str | None  # why it may not be cancelled (`cancel_refusal`), or None
    paid: Decimal  # the money taken, which is refunded (`pricing.amount_paid`)
    paid_by: list[str]  # how it was taken: "counter cash", "online" ...
    complimentary: bool


def cancel_outcome(booking: Booking) -> CancelOutcome:
    methods = {p.get_method_display().lower() for p in booking.payments.all() if p.amount > 0}
    return CancelOutcome(
        refusal=cancel_refusal(booking),
        paid=pricing.amount_paid(booking),
        paid_by=sorted(methods),
        complimentary=booking.payment_status == Booking.PaymentStatus.COMPLIMENTARY,
    )


def bookings_filtered(
    bookings: QuerySet[Booking], *, reference="", customer="", date=None, status="", salesman=None, show=None
):
    """Staff list filters; each narrows what the user may already see."""
    if reference:
        bookings = bookings.filter(reference__iexact=reference.strip())
    if customer:
        bookings = bookings.filter(
            Q(customer__email__icontains=customer)
            | Q(customer__full_name__icontains=customer)
            | Q(customer__phone__icontains=customer)
            | Q(guest_name__icontains=customer)
        )
    if date:
        start, end = day_bounds(date)
        bookings = bookings.filter(show__starts_at__gte=start, show__starts_at__lt=end)
    if status:
        bookings = bookings.filter(status=status)
    if salesman:
        bookings = bookings.filter(created_by=salesman)
    if show:
        bookings = bookings.filter(show_id=show)
    return bookings


def customers_search(query: str, limit: int = 10):
    """Customers by email, name or phone, for the counter."""
    from users.models import User

    digits = "".join(c for c in query if c.isdigit())
    match = Q(email__icontains=query) | Q(full_name__icontains=query)
    if len(digits) >= 4:
        match |= Q(phone__icontains=digits) | Q(phone__icontains=query)
    return list(User.objects.filter(match, role=Role.CUSTOMER, is_active=True).order_by("full_name", "email")[:limit])


def customer_by_id(pk: int):
    from users.models import User

    return User.objects.filter(pk=pk, role=Role.CUSTOMER).first()


def booking_to_collect(reference: str) -> Booking | None:
    """An online booking waiting for payment at the box office, found only by its exact reference."""
    return (
        Booking.objects.select_related("show__movie", "show__auditorium", "customer")
        .filter(
            reference__iexact=reference.strip(),
            channel=Booking.Channel.ONLINE,
            status=Booking.Status.CONFIRMED,
            payment_status=Booking.PaymentStatus.UNPAID,
            show__blocked_until__gt=timezone.now(),
        )
        .first()
    )


@dataclass
class QuotePreview:
    quote: pricing.Quote | None
    coupon_code: str = ""
    error: str = ""


def quote_preview(show: Show, seats, *, customer, coupon_code: str = "", by=None, ip: str = "") -> QuotePreview:
    """What the customer would pay, with the coupon if it passes its checks (live, before booking);
    a refused code counts as a guess for the customer, the person typing it (`by`) and the `ip`."""
    from coupons.services import CouponError, coupon_check

    seats = list(seats)
    coupon, error = None, ""
    if coupon_code.strip():
        try:
            coupon = coupon_check(code=coupon_code, customer=customer, ticket_count=len(seats), by=by, ip=ip)
        except CouponError as refusal:
            error = str(refusal)
    quote = pricing.quote(show=show, seats=seats, customer=customer, coupon=coupon) if seats else None
    return QuotePreview(quote=quote, coupon_code=coupon.code if coupon else "", error=error)


def tickets_outside_their_auditorium() -> QuerySet[Ticket]:
    """Tickets whose seat is not in their show's auditorium: its row and number could be sold twice.
    None should ever exist; the nightly integrity check reports any it finds."""
    return (
        Ticket.objects.exclude(seat__auditorium_id=F("show__auditorium_id"))
        .select_related("booking", "seat__auditorium", "show__movie", "show__auditorium")
        .order_by("show_id", "pk")
    )
