"""The definitions of the sales figures, written once: what each ticket line and payment adds to
which figure, on which day. The booking signals apply them to one booking's event as it happens
(`sales.services`), the rebuild applies them to every ticket line: both read these functions.

Revenue is what customers actually pay. Every ticket stores its `revenue`: its price less its
share of the booking's tier and coupon discounts, shared pro rata to the prices with the
remainder cents going to the largest remainders (`bookings.pricing`, `Quote.revenue_for`). So a
booking's tickets add up to its total to the cent, and revenue by movie, genre, category, channel
or seller is a plain sum of ticket lines that adds up exactly.

**Sale date** (`DailySales` and `SellerSales`, by the theater-local day in TIME_ZONE):

- *Tickets sold* and *gross revenue* count on the day the ticket was sold: its booking confirmed
  (online checkout, counter sale, house seats). *Discounts* are the same tickets at their prices
  less their revenue. *Bookings* counts each sold booking once.
- A *change* is an exchange on the day it is made: the replaced tickets leave that day (their
  count, revenue, discounts and booking are taken off, under their own show and category) and the
  new tickets are sold that day. A change to dearer seats adds the difference to that day's
  gross, one to cheaper seats takes it off (the difference handed back is money, see takings);
  moving to another movie moves the sale. Earlier days are never rewritten.
- *Cancellations* count on the cancellation day: cancelled tickets and bookings, and *refunds*:
  what the cancelled tickets had been sold for. Of that, *refund due* is what is still owed to
  customers now, *refunded* what was handed back (at once, or later by staff), and the rest was
  never paid. *Net revenue* = gross − refunds.
- *Comps*: complimentary house seats (no price, no revenue) are counted apart from tickets sold
  (they are not sales) but are admissions on the show date. Priced house seats are sales.
- The *seller* of a counter sale or of house seats is the staff member who made it; online sales
  have none (NOBODY).

**Show date** (`ShowSales`, by the show's start in TIME_ZONE): *admissions* are the show's valid
tickets (sold, not cancelled or replaced), comps included; *attended* those admitted at the door;
*no-shows* the valid tickets of a finished show never admitted; *occupancy* admissions over the
seats of the scheduled shows.

**Money** (`DailyTakings`, by the day the payment was recorded): money taken and handed back, by
method; `taken_by` is the staff member at the counter (NOBODY for online payments).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import groupby

from django.db.models import QuerySet
from django.utils import timezone

from bookings.models import Booking, Payment, Ticket
from sales.models import NOBODY

LINE_FIELDS = (
    "pk",
    "booking_id",
    "show_id",
    "show__movie_id",
    "booking__channel",
    "booking__created_by_id",
    "category",
    "price",
    "revenue",
    "status",
    "sold_at",
    "replaced_at",
    "booking__cancelled_at",
    "booking__refund_amount",
    "booking__payment_status",
    "used_at",
)


@dataclass(frozen=True)
class Line:
    """A ticket line as the figures read it (the ticket and what they need of its booking)."""

    pk: int
    booking: int
    show: int
    movie: int
    channel: str
    created_by: int
    category: str
    price: Decimal
    revenue: Decimal
    status: str
    sold_at: datetime | None
    replaced_at: datetime | None
    cancelled_at: datetime | None
    refund_amount: Decimal | None
    payment_status: str
    used_at: datetime | None

    @property
    def seller(self) -> int:
        return NOBODY if self.channel == Booking.Channel.ONLINE else self.created_by

    @property
    def complimentary(self) -> bool:
        return self.price == 0

    def sale_key(self, moment: datetime) -> tuple:
        """SALE_KEY: what a sale-date fact is about (each daily table keeps some of it)."""
        return (timezone.localdate(moment), self.movie, self.channel, self.category, self.complimentary, self.seller)

    @property
    def show_key(self) -> tuple:
        """ShowSales.KEY: show, channel, category, complimentary."""
        return (self.show, self.channel, self.category, self.complimentary)


def lines(tickets: QuerySet[Ticket]) -> Iterator[Line]:
    """The ticket lines of `tickets`, a booking's together, each booking's in ticket order."""
    rows = tickets.order_by("booking_id", "pk").values_list(*LINE_FIELDS)
    return (Line(*row) for row in rows.iterator(chunk_size=5000))


SALE_KEY = ("day", "movie_id", "channel", "category", "complimentary", "seller")


class Deltas(dict):
    """{key: {figure: amount}}: what to add to which row of a figures table."""

    def add(self, key: tuple, **figures) -> None:
        row = self.setdefault(key, {})
        for name, amount in figures.items():
            row[name] = row.get(name, 0) + amount

    def merge(self, other: "Deltas") -> "Deltas":
        for key, figures in other.items():
            self.add(key, **figures)
        return self

    def project(self, fields: tuple, onto: tuple) -> "Deltas":
        """The same figures keyed by `onto`, a part of the key `fields` (summed where keys meet)."""
        where = [fields.index(name) for name in onto]
        projected = Deltas()
        for key, figures in self.items():
            projected.add(tuple(key[i] for i in where), **figures)
        return projected


def _groups(items: Iterable[Line], by) -> Iterator[list[Line]]:
    """Lines grouped by `by`, each group in ticket order: its first line is the one that carries
    what counts once per booking (the booking itself, its refund)."""
    ordered = sorted(items, key=lambda line: (by(line), line.pk))
    return (list(group) for _, group in groupby(ordered, key=by))


def sold(items: Iterable[Line]) -> Deltas:
    """Tickets sold, on the day each was sold (a booking's sold together count it once)."""
    deltas = Deltas()
    for group in _groups(items, lambda line: (line.booking, line.sold_at)):
        for n, line in enumerate(group):
            deltas.add(
                line.sale_key(line.sold_at), bookings=int(n == 0), tickets=1, gross=line.revenue, face=line.price
            )
    return deltas


def replaced(items: Iterable[Line]) -> Deltas:
    """Tickets a change replaced leave on the day of the change: their sale taken off."""
    deltas = Deltas()
    for group in _groups(items, lambda line: (line.booking, line.replaced_at)):
        for n, line in enumerate(group):
            deltas.add(
                line.sale_key(line.replaced_at),
                bookings=-int(n == 0),
                tickets=-1,
                gross=-line.revenue,
                face=-line.price,
            )
    return deltas


def cancelled(items: Iterable[Line]) -> Deltas:
    """Cancelled tickets on the cancellation day, with what they had been sold for; the money
    owed back (due, or refunded at once) is the booking's, counted once."""
    deltas = Deltas()
    for group in _groups(items, lambda line: line.booking):
        lead = group[0]
        owed = lead.refund_amount or 0
        due = owed if lead.payment_status == Booking.PaymentStatus.REFUND_DUE else 0
        refunded = owed if lead.payment_status == Booking.PaymentStatus.REFUNDED else 0
        deltas.add(lead.sale_key(lead.cancelled_at), cancelled_bookings=1, refund_due=due, refunded=refunded)
        for line in group:
            deltas.add(line.sale_key(line.cancelled_at), cancelled_tickets=1, refunds=line.revenue)
    return deltas


def refund_paid(items: Iterable[Line]) -> Deltas:
    """A refund that was due is paid out: on its cancellation day it moves from due to refunded."""
    deltas = Deltas()
    for group in _groups(items, lambda line: line.booking):
        lead = group[0]
        deltas.add(lead.sale_key(lead.cancelled_at), refund_due=-lead.refund_amount, refunded=lead.refund_amount)
    return deltas


def day_facts(items: Iterable[Line]) -> Deltas:
    """Everything ticket lines add to the sale-date figures, over all their days."""
    items = [line for line in items if line.sold_at is not None]  # a hold is no sale
    return (
        sold(items)
        .merge(replaced(line for line in items if line.replaced_at is not None))
        .merge(cancelled(line for line in items if line.status == Ticket.Status.CANCELLED))
    )


def audience(items: Iterable[Line], sign: int = 1) -> Deltas:
    """Valid tickets on their show (sign -1: they stopped being valid)."""
    deltas = Deltas()
    for line in items:
        deltas.add(
            line.show_key, tickets=sign, revenue=sign * line.revenue, attended=sign * int(line.used_at is not None)
        )
    return deltas


def show_facts(items: Iterable[Line]) -> Deltas:
    """Everything ticket lines add to the show-date figures: the valid ones."""
    return audience(line for line in items if line.status == Ticket.Status.CONFIRMED)


PAYMENT_FIELDS = ("recorded_at", "method", "booking__channel", "recorded_by_id", "booking__created_by_id", "amount")


def takings(payments: Iterable[tuple]) -> Deltas:
    """Money taken (positive payments) and handed back (negative ones) on the day recorded.
    Rows are PAYMENT_FIELDS tuples. Who took it: the staff member recorded (the booking's seller
    when nobody was), nobody for online payments."""
    deltas = Deltas()
    for recorded_at, method, channel, recorded_by, created_by, amount in payments:
        taken_by = NOBODY if method == Payment.Method.ONLINE else (recorded_by or created_by)
        key = (timezone.localdate(recorded_at), method, channel, taken_by)
        if amount >= 0:
            deltas.add(key, payments=1, taken=amount)
        else:
            deltas.add(key, refunds=1, handed_back=-amount)
    return deltas
