"""The box office: counter sales, VIP house seats, money taken and refunds paid out."""

from django.db import transaction

from bookings import pricing, signals
from bookings.exceptions import BookingError
from bookings.models import Booking
from bookings.services import steps
from bookings.services.seats import seats_take, seats_transaction
from coupons import services as coupons
from movies.models import Show
from users.services import user_create


def booking_sell(
    *,
    show: Show,
    seat_ids,
    customer,
    by,
    method: str | None,
    coupon_code: str = "",
    walk_in: dict | None = None,
    ip: str = "",
) -> Booking:
    """Sell seats at the counter in one step: confirmed at once, paid when money is taken.

    `walk_in` (name, email, phone) creates the customer's account in the same transaction, so a
    refused sale leaves no stray account behind.
    """
    with seats_transaction():
        show, seats = seats_take(show, seat_ids)
        buyer = customer
        if buyer is None and walk_in and walk_in.get("email"):
            buyer = user_create(
                email=walk_in["email"], full_name=walk_in.get("name", ""), phone=walk_in.get("phone", "")
            )
        coupon = None
        if coupon_code.strip():
            coupon = coupons.coupon_lock_and_check(
                code=coupon_code, customer=buyer, ticket_count=len(seats), by=by, ip=ip
            )
        quote = pricing.quote(show=show, seats=seats, customer=buyer, coupon=coupon)
        booking = steps.booking_new(
            show=show, seats=seats, quote=quote, by=by, confirm=True, customer=buyer, channel=Booking.Channel.COUNTER
        )
        if coupon is not None:
            coupons.redemption_record(coupon=coupon, booking=booking, customer=buyer, amount=quote.coupon_amount)
        steps.log(
            booking,
            by,
            "sold",
            f"Seats {', '.join(map(str, seats))} at the counter, total {pricing.format_money(quote.total)}",
        )
        steps.confirmed_record(booking, by=by, note="Box office")
        if method and booking.total > 0:
            steps.payment_take(booking, method=method, by=by)
        # Told last, so the confirmation says what was paid.
        signals.booking_confirmed.send(sender=Booking, booking=booking)
    return booking


def house_seats_reserve(*, show: Show, seat_ids, guest_name: str, complimentary: bool, by) -> Booking:
    """Admins keep seats for a named VIP guest: taken for everyone else, counted as VIP tickets."""
    if not guest_name.strip():
        raise BookingError("Name the VIP guest the seats are for.")
    with seats_transaction():
        show, seats = seats_take(show, seat_ids)
        quote = pricing.quote(show=show, seats=seats, complimentary=complimentary, house=True)
        booking = steps.booking_new(
            show=show,
            seats=seats,
            quote=quote,
            by=by,
            confirm=True,
            guest_name=guest_name.strip(),
            channel=Booking.Channel.HOUSE,
        )
        kind = "complimentary" if complimentary else "priced"
        steps.log(booking, by, "house seats", f"Seats {', '.join(map(str, seats))} for {booking.guest_name} ({kind})")
        steps.confirmed_record(booking, by=by, note="VIP house seats")
        signals.booking_confirmed.send(sender=Booking, booking=booking)
    return booking


def payment_record(*, booking: Booking, method: str, by) -> Booking:
    """A salesman takes the money due (cash or card) for a confirmed booking."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.CONFIRMED:
            raise BookingError("Only a confirmed booking can be paid.")
        steps.payment_take(booking, method=method, by=by)
    return booking


def refund_record(*, booking: Booking, by) -> Booking:
    """Staff pay out a refund that was due (a cancellation the customer made online, a cancelled show)."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.payment_status != Booking.PaymentStatus.REFUND_DUE:
            raise BookingError("No refund is due on this booking.")
        steps.refund_pay(booking, pricing.amount_paid(booking), by=by)
        booking.payment_status = Booking.PaymentStatus.REFUNDED
        booking.save(update_fields=["payment_status", "updated_at"])
        signals.refund_paid.send(sender=Booking, booking=booking)
    return booking
