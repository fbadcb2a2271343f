"""After the sale: change a booking's seats or show, cancel it (alone or with its show)."""

import logging

from django.db import transaction
from django.utils import timezone

from bookings import pricing, signals
from bookings.exceptions import BookingError
from bookings.loyalty import tier_refresh
from bookings.models import ACTIVE_TICKET, Booking, Ticket
from bookings.services import steps
from bookings.services.seats import seats_take, seats_transaction
from coupons import services as coupons
from movies.models import Show

logger = logging.getLogger(__name__)

USED = "A ticket of this booking was already used at the door: it can no longer be {}."


def _used_at_the_door(booking: Booking) -> bool:
    return booking.tickets.filter(status=Ticket.Status.CONFIRMED, used_at__isnull=False).exists()


def booking_change(*, booking: Booking, show: Show, seat_ids, by) -> Booking:
    """Move a confirmed booking to other seats (or another show); it is re-priced, its trail kept."""
    with seats_transaction():
        current = Booking.objects.select_for_update().select_related("show").get(pk=booking.pk)
        if current.status != Booking.Status.CONFIRMED:
            raise BookingError("Only a confirmed booking can be changed.")
        if current.show.has_started:
            raise BookingError("The show has started: this booking can no longer be changed.")
        if _used_at_the_door(current):
            raise BookingError(USED.format("changed"))
        target, seats = seats_take(show, seat_ids, keeping=current)
        old = list(current.tickets.filter(ACTIVE_TICKET).select_related("seat"))
        old_total, old_show, old_invoice = current.total, current.show, current.invoice_number
        # An exchange: the old tickets leave and the new ones are sold at this same moment.
        now = timezone.now()
        current.tickets.filter(ACTIVE_TICKET).update(status=Ticket.Status.REPLACED, replaced_at=now)
        redemption = coupons.live_redemption(booking=current)
        coupon = redemption.coupon if redemption else None
        if coupon is not None and len(seats) < coupon.min_tickets:
            # Fewer tickets than the coupon needs: the booking loses it, and the use is given back.
            coupons.redemption_release(booking=current)
            redemption = coupon = None
        complimentary = current.payment_status == Booking.PaymentStatus.COMPLIMENTARY
        quote = pricing.quote(
            show=target,
            seats=seats,
            customer=current.customer,
            coupon=coupon,
            complimentary=complimentary,
            house=current.channel == Booking.Channel.HOUSE,
        )
        if redemption is not None:
            redemption.amount = quote.coupon_amount
            redemption.save(update_fields=["amount"])
        current.show = target
        # The issued invoice stays as it was; the changed booking gets a new one.
        current.invoice_number = steps.invoice_number_next()
        steps.quote_set(current, quote)
        steps.tickets_new(current, quote, seats, Ticket.Status.CONFIRMED, sold_at=now)
        steps.log(
            current,
            by,
            "changed",
            f"{old_show} seats {', '.join(str(t.seat) for t in old)} ({pricing.format_money(old_total)}) → "
            f"{target} seats {', '.join(map(str, seats))} ({pricing.format_money(quote.total)}); "
            f"invoice {current.invoice_number} replaces {old_invoice}",
        )
        if not complimentary:
            paid = pricing.amount_paid(current)
            if paid > current.total:
                steps.refund_pay(current, paid - current.total, by=by)  # staff hand the difference back
                paid = current.total
            current.payment_status = (
                Booking.PaymentStatus.PAID if paid >= current.total else Booking.PaymentStatus.UNPAID
            )
        current.save(update_fields=["show", "invoice_number", *steps.QUOTE_FIELDS, "payment_status", "updated_at"])
        steps.discounts_replace(current, quote)
        tier_refresh(customer=current.customer)
        signals.booking_changed.send(sender=Booking, booking=current)
    return current


def cancel_refusal(booking: Booking, *, allow_started: bool = False) -> str | None:
    """Why this booking cannot be cancelled now, or None when it can: the one rule, which the
    cancel service enforces and pages ask before offering the button. `allow_started` is for a
    cancelled show, whose bookings are cancelled whenever it happens."""
    if booking.status == Booking.Status.CANCELLED:
        return "This booking is already cancelled."
    if booking.status != Booking.Status.CONFIRMED:
        return "Only a confirmed booking can be cancelled."
    if allow_started:
        return None
    if booking.show.has_started:
        return "The show has started: this booking can no longer be cancelled."
    if _used_at_the_door(booking):
        return USED.format("cancelled")
    return None


def booking_cancel(
    *, booking: Booking, by, reason: str, refund_now: bool = False, allow_started: bool = False
) -> Booking:
    """Cancel a booking: the seats free at once; what was paid is refunded now (at the counter)
    or recorded as a refund due, to be paid out by staff."""
    if not reason.strip():
        raise BookingError("Say why the booking is cancelled.")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("show").get(pk=booking.pk)
        refusal = cancel_refusal(booking, allow_started=allow_started)
        if refusal:
            raise BookingError(refusal)
        paid = pricing.amount_paid(booking)
        if paid > 0 and refund_now:
            steps.refund_pay(booking, paid, by=by)
        booking.tickets.filter(ACTIVE_TICKET).update(status=Ticket.Status.CANCELLED)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.cancelled_by = by
        booking.cancel_reason = reason.strip()
        booking.refund_amount = paid
        if paid > 0:
            booking.payment_status = Booking.PaymentStatus.REFUNDED if refund_now else Booking.PaymentStatus.REFUND_DUE
        booking.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_by",
                "cancel_reason",
                "refund_amount",
                "payment_status",
                "updated_at",
            ]
        )
        coupons.redemption_release(booking=booking)
        steps.log(booking, by, "cancelled", f"{booking.cancel_reason} · {booking.refund_note}")
        tier_refresh(customer=booking.customer)
        signals.booking_cancelled.send(sender=Booking, booking=booking)
    return booking


def bookings_cancel_for_show(*, show: Show, by) -> int:
    """A cancelled show cancels its live bookings, each the usual way (refund due, trail, mail).

    Each booking is its own transaction: one that fails (say, its customer cancelled it that very
    moment) is logged and skipped, and running this again picks up whatever is left.
    """
    cancelled = 0
    for booking in Booking.objects.filter(show=show).exclude(status=Booking.Status.CANCELLED):
        if booking.status == Booking.Status.HELD:
            booking.delete()
            continue
        try:
            booking_cancel(booking=booking, by=by, reason=f"Show cancelled: {show.cancel_reason}", allow_started=True)
        except BookingError:
            logger.exception("Could not cancel %s with its show %s", booking.reference, show.pk)
            continue
        cancelled += 1
    return cancelled
