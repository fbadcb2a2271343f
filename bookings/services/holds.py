"""Online: the customer holds seats, then confirms them at checkout."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bookings import pricing, signals
from bookings.exceptions import BookingError
from bookings.models import Booking, Payment
from bookings.payments import PaymentProvider
from bookings.services import steps
from bookings.services.seats import seats_take, seats_transaction, show_lock_on_sale
from coupons import services as coupons
from movies.models import Show
from xcounter.words import counted


def booking_hold(*, show: Show, seat_ids, customer, by) -> Booking:
    """Hold seats for BOOKING_HOLD_MINUTES while the customer checks out; a new pick replaces the
    customer's previous hold on the show."""
    with seats_transaction():
        show, seats = seats_take(show, seat_ids, replacing_holds_of=customer)
        quote = pricing.quote(show=show, seats=seats, customer=customer)
        booking = steps.booking_new(
            show=show,
            seats=seats,
            quote=quote,
            by=by,
            confirm=False,
            customer=customer,
            channel=Booking.Channel.ONLINE,
            status=Booking.Status.HELD,
            hold_expires_at=timezone.now() + timedelta(minutes=settings.BOOKING_HOLD_MINUTES),
        )
        steps.log(
            booking, by, "held", f"Seats {', '.join(map(str, seats))} held, total {pricing.format_money(quote.total)}"
        )
    return booking


def booking_confirm(*, booking: Booking, provider: PaymentProvider, by, coupon_code: str = "", ip: str = "") -> Booking:
    """Turn a live hold into a confirmed booking with an invoice number, then start payment.

    A coupon is checked again here with its row locked, so its limits hold under any load; a
    refused code counts as a guess for the customer and the client `ip`.
    """
    with transaction.atomic():
        held = booking
        booking = Booking.objects.select_for_update().get(pk=held.pk)
        if Booking.customer.is_cached(held) and held.customer_id == booking.customer_id:
            booking.customer = held.customer  # the caller's, read before (a booking keeps its customer)
        if booking.status != Booking.Status.HELD:
            raise BookingError("This booking is no longer waiting for confirmation.")
        expired = booking.hold_expires_at <= timezone.now()
        if expired:
            booking.delete()  # committed below, then refused: the seats are free again
        else:
            known = held.show if Booking.show.is_cached(held) else None
            booking.show = show = show_lock_on_sale(booking.show_id, known=known)
            tickets = list(booking.tickets.select_related("seat"))
            seats = [ticket.seat for ticket in tickets]
            coupon = None
            if coupon_code.strip():
                coupon = coupons.coupon_lock_and_check(
                    code=coupon_code, customer=booking.customer, ticket_count=len(seats), by=by, ip=ip
                )
            # Priced again now: the customer pays with the tier in force, as the checkout showed.
            quote = pricing.quote(show=show, seats=seats, customer=booking.customer, coupon=coupon)
            had_discounts = booking.discount_total > 0  # a discount line is written only for an amount
            steps.quote_set(booking, quote)
            start = provider.start(booking)
            steps.confirmed_set(booking, invoice=False)
            if had_discounts or quote.discounts:
                steps.discounts_replace(booking, quote)
            steps.tickets_sell(tickets, quote, sold_at=booking.confirmed_at)
            if coupon is not None:
                coupons.redemption_record(
                    coupon=coupon, booking=booking, customer=booking.customer, amount=quote.coupon_amount
                )
            paid = None
            if start.paid:
                paid = steps.payment_add(
                    booking,
                    method=Payment.Method.ONLINE,
                    by=by,
                    provider=provider.key,
                    provider_reference=start.provider_reference,
                )
            # Announced before the invoice number is taken: the sales figures and the customer's
            # notice and mail need all but that number, and its counter row is one for the whole
            # year, held by each confirmation until its commit. Under it only the booking's own
            # row and its trail are written.
            signals.booking_confirmed.send(sender=Booking, booking=booking, tickets=tickets)
            booking.invoice_number = steps.invoice_number_next()
            booking.save(update_fields=[*steps.QUOTE_FIELDS, *steps.CONFIRM_FIELDS, "updated_at"])
            steps.confirmed_record(booking, by=by, note=provider.label)
            if paid is not None:
                steps.payment_log(booking, by, Payment.Method.ONLINE, paid)
    if expired:
        raise BookingError(
            f"Your seats were held for {counted(settings.BOOKING_HOLD_MINUTES, 'minute')} and have been released. "
            "Please choose them again."
        )
    return booking


def holds_release_expired() -> int:
    """Delete holds past their time (they already block nothing); for cron."""
    _, per_model = Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__lte=timezone.now()).delete()
    return per_model.get(Booking._meta.label, 0)
