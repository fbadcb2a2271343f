"""The writing steps the booking actions share: a new booking and its tickets, the quote stored on
it, confirmation with an invoice number, money in and out, the audit trail."""

from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bookings import codes, pricing, signals
from bookings.exceptions import BookingError
from bookings.loyalty import tier_refresh
from bookings.models import Booking, BookingDiscount, BookingEvent, InvoiceCounter, Payment, Ticket
from movies.models import Seat, Show
from users.models import User
from xcounter.money import ZERO

QUOTE_FIELDS = ["subtotal", "discount_total", "total"]
CONFIRM_FIELDS = ["status", "hold_expires_at", "confirmed_at", "invoice_number", "payment_status"]


def log(booking: Booking, by, action: str, details: str = "") -> None:
    BookingEvent.objects.create(booking=booking, by=by, action=action, details=details)


def booking_new(*, show: Show, seats: list[Seat], quote: pricing.Quote, by: User, confirm: bool, **fields) -> Booking:
    """Insert a booking priced by `quote` with a ticket per seat: confirmed at once (with its invoice
    number) for the counter and house seats, held otherwise."""
    booking = Booking(reference=_unique_reference(), show=show, created_by=by, **fields)
    quote_set(booking, quote)
    if confirm:
        confirmed_set(booking)
    booking.save()
    BookingDiscount.objects.bulk_create(_discounts(booking, quote))
    status = Ticket.Status.CONFIRMED if confirm else Ticket.Status.HELD
    tickets_new(booking, quote, seats, status, sold_at=booking.confirmed_at)
    return booking


def tickets_new(booking: Booking, quote: pricing.Quote, seats: list[Seat], status: str, *, sold_at=None) -> None:
    """A ticket per seat at the quote's price and revenue; `sold_at` when they are sold now."""
    Ticket.objects.bulk_create(
        Ticket(
            booking=booking,
            show_id=booking.show_id,
            seat=seat,
            category=quote.line_for(seat.pk).category,
            price=quote.price_for(seat.pk),
            revenue=quote.revenue_for(seat.pk),
            status=status,
            sold_at=sold_at,
            code=codes.ticket_code(),
        )
        for seat in seats
    )


def tickets_sell(tickets: list[Ticket], quote: pricing.Quote, *, sold_at) -> None:
    """Held tickets sold now at the quote's prices: one UPDATE, plus one for the prices when the
    quote changed them since the hold (a new tier, a coupon)."""
    repriced = []
    for ticket in tickets:
        price, revenue = quote.price_for(ticket.seat_id), quote.revenue_for(ticket.seat_id)
        if (ticket.price, ticket.revenue) != (price, revenue):
            ticket.price, ticket.revenue = price, revenue
            repriced.append(ticket)
        ticket.status, ticket.sold_at = Ticket.Status.CONFIRMED, sold_at
    Ticket.objects.filter(pk__in=[ticket.pk for ticket in tickets]).update(
        status=Ticket.Status.CONFIRMED, sold_at=sold_at
    )
    if repriced:
        Ticket.objects.bulk_update(repriced, ["price", "revenue"])


def quote_set(booking: Booking, quote: pricing.Quote) -> None:
    """The quote's totals on the booking (saved by the caller, with QUOTE_FIELDS)."""
    booking.subtotal, booking.discount_total, booking.total = quote.subtotal, quote.discount_total, quote.total


def discounts_replace(booking: Booking, quote: pricing.Quote) -> None:
    """A re-priced booking's discount lines become the quote's."""
    booking.discounts.all().delete()
    BookingDiscount.objects.bulk_create(_discounts(booking, quote))


def _discounts(booking: Booking, quote: pricing.Quote):
    return (
        BookingDiscount(booking=booking, kind=line.kind, label=line.label, amount=line.amount)
        for line in quote.discounts
    )


def confirmed_set(booking: Booking, *, invoice: bool = True) -> None:
    """Confirm the booking in memory (saved by the caller, with CONFIRM_FIELDS); takes the next
    invoice number unless `invoice=False` (the caller takes it later, `invoice_number_next`)."""
    booking.status = Booking.Status.CONFIRMED
    booking.hold_expires_at = None
    booking.confirmed_at = timezone.now()
    if invoice:
        booking.invoice_number = invoice_number_next()
    if booking.total == 0:
        booking.payment_status = Booking.PaymentStatus.COMPLIMENTARY


def confirmed_record(booking: Booking, *, by, note: str) -> None:
    """After confirming: the trail, and the customer's tier recounted once the sale has committed
    (`tier_refresh_after_commit`)."""
    log(booking, by, "confirmed", f"Invoice {booking.invoice_number} · {note}")
    tier_refresh_after_commit(booking.customer)


def tier_refresh_after_commit(customer) -> None:
    """Recount the customer's tier once the transaction has committed, outside the show's lock and
    the invoice counter's: six queries no sale has to wait for. The next booking's price uses the new
    tier (the callback runs before the response is sent); if the process dies in between, the
    nightly `refresh_promotion_tiers` recount catches up. Robust: the sale has committed, so a
    failing recount is logged (and caught up at night), never answered as an error to the buyer."""
    if customer is not None:
        transaction.on_commit(lambda: tier_refresh(customer=customer), robust=True)


def _unique_reference() -> str:
    while True:
        reference = codes.booking_reference()
        if not Booking.objects.filter(reference=reference).exists():
            return reference


def invoice_number_next() -> str:
    """Gap-free: the year's counter row is bumped in the confirming transaction, by one statement
    that also locks it until the commit (the year's first number creates the row)."""
    year = timezone.localdate().year
    number = _invoice_counter_bump(year)
    if number is None:
        try:
            with transaction.atomic():  # a savepoint: another sale may create the row first
                InvoiceCounter.objects.create(year=year, last_number=1)
            number = 1
        except IntegrityError:  # it did (and has committed): bump theirs
            number = _invoice_counter_bump(year)
    return f"{year}-{number:06d}"


def _invoice_counter_bump(year: int) -> int | None:
    """The year's next number, its row locked until the commit; None when the year has no row yet."""
    meta, name = InvoiceCounter._meta, connection.ops.quote_name
    table, last, key = name(meta.db_table), name(meta.get_field("last_number").column), name(meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {last} = {last} + 1 WHERE {key} = %s RETURNING {last}", [year])
        row = cursor.fetchone()
    return None if row is None else row[0]


def payment_take(booking: Booking, *, method: str, by, provider: str = "box_office", provider_reference="") -> None:
    """The money due, taken now: the booking is paid."""
    due = payment_add(booking, method=method, by=by, provider=provider, provider_reference=provider_reference)
    booking.save(update_fields=["payment_status", "updated_at"])
    payment_log(booking, by, method, due)


def payment_add(booking: Booking, *, method: str, by, provider: str, provider_reference="") -> Decimal:
    """The payment row of the money due, and the booking paid in memory; the caller saves the
    booking (`payment_status`) and writes the trail (`payment_log`). Returns the amount."""
    due = pricing.amount_due(booking)
    if due <= 0:
        raise BookingError("Nothing is due on this booking.")
    payment = Payment.objects.create(
        booking=booking,
        method=method,
        amount=due,
        provider=provider,
        provider_reference=provider_reference,
        recorded_by=by,
    )
    signals.payment_recorded.send(sender=Payment, payment=payment)
    booking.payment_status = Booking.PaymentStatus.PAID
    return due


def payment_log(booking: Booking, by, method: str, amount) -> None:
    log(booking, by, "paid", f"{Payment.Method(method).label} {pricing.format_money(amount)}")


def refund_pay(booking: Booking, amount, *, by) -> None:
    """Money handed back now, in the ways it was paid: each method gives back at most what it
    took, the latest first (a change paid by card after a cash sale: the card part goes back to
    the card, the rest in cash), so every till and card terminal can account for its part."""
    taken: dict[str, Decimal] = {}
    latest: dict[str, int] = {}
    for payment in booking.payments.order_by("pk"):
        taken[payment.method] = taken.get(payment.method, ZERO) + payment.amount
        if payment.amount > 0:
            latest[payment.method] = payment.pk
    left = amount
    for method in sorted(latest, key=latest.get, reverse=True):
        part = min(left, taken[method])
        if part > 0:
            _refund_record(booking, method, part, by)
            left -= part
    if left > 0:  # more than was taken in any way (not reached by the services): cash
        _refund_record(booking, Payment.Method.CASH, left, by)
    log(booking, by, "refunded", f"{pricing.format_money(amount)} refunded")


def _refund_record(booking: Booking, method: str, amount, by) -> None:
    payment = Payment.objects.create(booking=booking, method=method, amount=-amount, recorded_by=by, provider="refund")
    signals.payment_recorded.send(sender=Payment, payment=payment)
