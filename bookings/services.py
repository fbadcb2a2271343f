"""Actions on bookings: hold, confirm, sell at the counter, pay, change, cancel, check in.

Every action that touches seats locks the show row first, so two sales of one show run one
after the other; the partial unique index on tickets is the database's last word.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings import codes, pricing, signals
from bookings.exceptions import BookingError, SeatsTaken
from bookings.loyalty import tier_refresh
from bookings.models import Booking, BookingDiscount, BookingEvent, InvoiceCounter, Payment, Ticket
from bookings.payments import PaymentProvider
from coupons import services as coupons
from movies.models import Seat, Show
from users.services import user_create

ACTIVE = [Ticket.Status.HELD, Ticket.Status.CONFIRMED]
logger = logging.getLogger(__name__)


# --- Shared steps ------------------------------------------------------------------------------


def _log(booking: Booking, by, action: str, details: str = "") -> None:
    BookingEvent.objects.create(booking=booking, by=by, action=action, details=details)


def _lock_show_on_sale(show_id: int) -> Show:
    # The row alone is locked, then read with its relations: on PostgreSQL a locking query with joins
    # finds nothing when the show it waited for was moved to another auditorium meanwhile.
    Show.objects.select_for_update().get(pk=show_id)
    show = Show.objects.select_related("movie", "auditorium").get(pk=show_id)
    if show.is_cancelled:
        raise BookingError("This show is cancelled: its seats are no longer on sale.")
    if show.starts_at <= timezone.now():
        raise BookingError("This show has already started: its seats are no longer on sale.")
    return show


def _chosen_seats(show: Show, seat_ids) -> list[Seat]:
    try:
        ids = {int(seat_id) for seat_id in seat_ids}
    except (TypeError, ValueError) as error:
        raise BookingError("Some of the chosen seats are not seats of this show.") from error
    if not ids:
        raise BookingError("Choose at least one seat.")
    if len(ids) > settings.BOOKING_MAX_SEATS:
        raise BookingError(f"At most {settings.BOOKING_MAX_SEATS} seats fit in one booking.")
    seats = list(Seat.objects.filter(auditorium_id=show.auditorium_id, pk__in=ids))
    if len(seats) != len(ids):
        raise BookingError("Some of the chosen seats are not seats of this show.")
    return sorted(seats, key=lambda seat: (seat.grid_row, seat.grid_column))


def _release_expired_holds_on(show: Show, seats: list[Seat]) -> None:
    """Expired holds never block a seat: clear them before taking it."""
    Booking.objects.filter(
        show=show, status=Booking.Status.HELD, hold_expires_at__lte=timezone.now(), tickets__seat__in=seats
    ).delete()


def _refuse_taken(show: Show, seats: list[Seat], *, except_booking: Booking | None = None) -> None:
    taken = Ticket.objects.filter(show=show, seat__in=seats, status__in=ACTIVE)
    if except_booking is not None:
        taken = taken.exclude(booking=except_booking)
    labels = sorted(str(ticket.seat) for ticket in taken.select_related("seat"))
    if labels:
        raise SeatsTaken(f"Sorry, {', '.join(labels)} {'was' if len(labels) == 1 else 'were'} just taken. Pick again.")


def _new_tickets(booking: Booking, quote: pricing.Quote, seats: list[Seat], status: str) -> None:
    Ticket.objects.bulk_create(
        Ticket(
            booking=booking,
            show_id=booking.show_id,
            seat=seat,
            category=quote.line_for(seat.pk).category,
            price=quote.price_for(seat.pk),
            status=status,
            code=codes.ticket_code(),
        )
        for seat in seats
    )


def _store_quote(booking: Booking, quote: pricing.Quote) -> None:
    """Save the booking with the quote's totals and its discount lines."""
    booking.subtotal, booking.discount_total, booking.total = quote.subtotal, quote.discount_total, quote.total
    booking.save()
    booking.discounts.all().delete()
    BookingDiscount.objects.bulk_create(
        BookingDiscount(booking=booking, kind=line.kind, label=line.label, amount=line.amount)
        for line in quote.discounts
    )


def _unique_reference() -> str:
    while True:
        reference = codes.booking_reference()
        if not Booking.objects.filter(reference=reference).exists():
            return reference


def _next_invoice_number() -> str:
    """Gap-free: the counter row is locked and bumped in the confirming transaction."""
    year = timezone.localdate().year
    InvoiceCounter.objects.get_or_create(year=year)
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{year}-{counter.last_number:06d}"


def _seats_changed_guard(action):
    """Run a seat-taking action; a unique-index clash (a racer past our lock) reads as 'taken'."""
    try:
        return action()
    except IntegrityError as error:
        if "one_active_ticket_per_seat" not in str(
            error
        ) and "UNIQUE constraint failed: bookings_ticket.show_id, bookings_ticket.seat_id" not in str(error):
            raise
        raise SeatsTaken("Sorry, one of those seats was just taken. Pick again.") from error


def _refuse_if_checked_in(booking: Booking, action: str) -> None:
    if booking.tickets.filter(status=Ticket.Status.CONFIRMED, used_at__isnull=False).exists():
        raise BookingError(f"A ticket of this booking was already used at the door: it can no longer be {action}.")


def _refund(booking: Booking, amount, *, by) -> None:
    """Money handed back now: a negative payment in the way it was paid."""
    last = booking.payments.filter(amount__gt=0).last()
    Payment.objects.create(
        booking=booking,
        method=last.method if last else Payment.Method.CASH,
        amount=-amount,
        recorded_by=by,
        provider="refund",
    )
    _log(booking, by, "refunded", f"{amount}")


def _redeem(booking: Booking, coupon, quote: pricing.Quote) -> None:
    coupons.redemption_record(coupon=coupon, booking=booking, customer=booking.customer, amount=quote.coupon_amount)


# --- Customer online: hold, then confirm -----------------------------------------------------


def booking_hold(*, show: Show, seat_ids, customer, by) -> Booking:
    """Hold seats for BOOKING_HOLD_MINUTES while the customer checks out."""

    def hold():
        with transaction.atomic():
            locked = _lock_show_on_sale(show.pk)
            seats = _chosen_seats(locked, seat_ids)
            _release_expired_holds_on(locked, seats)
            # A customer holds one selection per show at a time: a new pick replaces the old.
            Booking.objects.filter(show=locked, customer=customer, status=Booking.Status.HELD).delete()
            _refuse_taken(locked, seats)
            quote = pricing.quote(show=locked, seats=seats, customer=customer)
            booking = Booking(
                reference=_unique_reference(),
                show=locked,
                customer=customer,
                created_by=by,
                channel=Booking.Channel.ONLINE,
                status=Booking.Status.HELD,
                hold_expires_at=timezone.now() + timedelta(minutes=settings.BOOKING_HOLD_MINUTES),
            )
            _store_quote(booking, quote)
            _new_tickets(booking, quote, seats, Ticket.Status.HELD)
            _log(booking, by, "held", f"Seats {', '.join(map(str, seats))} held, total {quote.total}")
            return booking

    return _seats_changed_guard(hold)


def booking_confirm(*, booking: Booking, provider: PaymentProvider, by, coupon_code: str = "", ip: str = "") -> Booking:
    """Turn a live hold into a confirmed booking with an invoice number, then start payment.

    A coupon is checked again here with its row locked, so its limits hold under any load; a
    refused code counts as a guess for the customer and the client `ip`.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.HELD:
            raise BookingError("This booking is no longer waiting for confirmation.")
        expired = booking.hold_expires_at <= timezone.now()
        if expired:
            booking.delete()  # committed below, then refused: the seats are free again
        else:
            show = _lock_show_on_sale(booking.show_id)
            tickets = list(booking.tickets.select_related("seat"))
            seats = [ticket.seat for ticket in tickets]
            coupon = None
            if coupon_code.strip():
                coupon = coupons.coupon_lock_and_check(
                    code=coupon_code, customer=booking.customer, ticket_count=len(seats), by=by, ip=ip
                )
            # Priced again now: the customer pays with the tier in force, as the checkout showed.
            quote = pricing.quote(show=show, seats=seats, customer=booking.customer, coupon=coupon)
            _store_quote(booking, quote)
            for ticket in tickets:
                ticket.price = quote.price_for(ticket.seat_id)
            Ticket.objects.bulk_update(tickets, ["price"])
            if coupon is not None:
                _redeem(booking, coupon, quote)
            start = provider.start(booking)
            _confirm(booking, by=by, channel_note=provider.label)
            if start.paid:
                _record_payment(
                    booking,
                    method=Payment.Method.ONLINE,
                    by=by,
                    provider=provider.key,
                    provider_reference=start.provider_reference,
                )
    if expired:
        raise BookingError(
            f"Your seats were held for {settings.BOOKING_HOLD_MINUTES} minutes and have been released. "
            "Please choose them again."
        )
    return booking


def _confirm(booking: Booking, *, by, channel_note: str) -> None:
    booking.status = Booking.Status.CONFIRMED
    booking.hold_expires_at = None
    booking.confirmed_at = timezone.now()
    booking.invoice_number = _next_invoice_number()
    if booking.total == 0:
        booking.payment_status = Booking.PaymentStatus.COMPLIMENTARY
    booking.save()
    booking.tickets.update(status=Ticket.Status.CONFIRMED)
    _log(booking, by, "confirmed", f"Invoice {booking.invoice_number} · {channel_note}")
    tier_refresh(customer=booking.customer)
    signals.booking_confirmed.send(sender=Booking, booking=booking)


def _record_payment(booking: Booking, *, method: str, by, provider: str = "box_office", provider_reference=""):
    due = pricing.amount_due(booking)
    if due <= 0:
        raise BookingError("Nothing is due on this booking.")
    Payment.objects.create(
        booking=booking,
        method=method,
        amount=due,
        provider=provider,
        provider_reference=provider_reference,
        recorded_by=by,
    )
    booking.payment_status = Booking.PaymentStatus.PAID
    booking.save(update_fields=["payment_status", "updated_at"])
    _log(booking, by, "paid", f"{Payment.Method(method).label} {due}")


def payment_record(*, booking: Booking, method: str, by) -> Booking:
    """A salesman takes the money due (cash or card) for a confirmed booking."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.CONFIRMED:
            raise BookingError("Only a confirmed booking can be paid.")
        _record_payment(booking, method=method, by=by)
    return booking


def refund_record(*, booking: Booking, by) -> Booking:
    """Staff pay out a refund that was due (a cancellation the customer made online, a cancelled show)."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.payment_status != Booking.PaymentStatus.REFUND_DUE:
            raise BookingError("No refund is due on this booking.")
        _refund(booking, pricing.amount_paid(booking), by=by)
        booking.payment_status = Booking.PaymentStatus.REFUNDED
        booking.save(update_fields=["payment_status", "updated_at"])
    return booking


# --- Counter --------------------------------------------------------------------------------


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

    def sell():
        with transaction.atomic():
            locked = _lock_show_on_sale(show.pk)
            seats = _chosen_seats(locked, seat_ids)
            _release_expired_holds_on(locked, seats)
            _refuse_taken(locked, seats)
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
            quote = pricing.quote(show=locked, seats=seats, customer=buyer, coupon=coupon)
            booking = Booking(
                reference=_unique_reference(),
                show=locked,
                customer=buyer,
                created_by=by,
                channel=Booking.Channel.COUNTER,
            )
            _store_quote(booking, quote)
            if coupon is not None:
                _redeem(booking, coupon, quote)
            _new_tickets(booking, quote, seats, Ticket.Status.HELD)
            _log(booking, by, "sold", f"Seats {', '.join(map(str, seats))} at the counter, total {quote.total}")
            _confirm(booking, by=by, channel_note="Box office")
            if method and booking.total > 0:
                _record_payment(booking, method=method, by=by)
            return booking

    return _seats_changed_guard(sell)


def house_seats_reserve(*, show: Show, seat_ids, guest_name: str, complimentary: bool, by) -> Booking:
    """Admins keep seats for a named VIP guest: taken for everyone else, counted as VIP tickets."""
    if not guest_name.strip():
        raise BookingError("Name the VIP guest the seats are for.")

    def reserve():
        with transaction.atomic():
            locked = _lock_show_on_sale(show.pk)
            seats = _chosen_seats(locked, seat_ids)
            _release_expired_holds_on(locked, seats)
            _refuse_taken(locked, seats)
            quote = pricing.quote(show=locked, seats=seats, complimentary=complimentary, house=True)
            booking = Booking(
                reference=_unique_reference(),
                show=locked,
                guest_name=guest_name.strip(),
                created_by=by,
                channel=Booking.Channel.HOUSE,
            )
            _store_quote(booking, quote)
            _new_tickets(booking, quote, seats, Ticket.Status.HELD)
            kind = "complimentary" if complimentary else "priced"
            _log(booking, by, "house seats", f"{len(seats)} {kind} seats for {booking.guest_name}")
            _confirm(booking, by=by, channel_note="VIP house seats")
            return booking

    return _seats_changed_guard(reserve)


# --- Change and cancel ------------------------------------------------------------------------


def booking_change(*, booking: Booking, show: Show, seat_ids, by) -> Booking:
    """Move a confirmed booking to other seats (or another show); it is re-priced, its trail kept."""

    def change():
        with transaction.atomic():
            current = Booking.objects.select_for_update().select_related("show").get(pk=booking.pk)
            if current.status != Booking.Status.CONFIRMED:
                raise BookingError("Only a confirmed booking can be changed.")
            if current.show.starts_at <= timezone.now():
                raise BookingError("The show has started: this booking can no longer be changed.")
            _refuse_if_checked_in(current, "changed")
            target = _lock_show_on_sale(show.pk)
            seats = _chosen_seats(target, seat_ids)
            _release_expired_holds_on(target, seats)
            _refuse_taken(target, seats, except_booking=current)
            old = list(current.tickets.filter(status__in=ACTIVE).select_related("seat"))
            old_total, old_show, old_invoice = current.total, current.show, current.invoice_number
            current.tickets.filter(status__in=ACTIVE).update(status=Ticket.Status.REPLACED)
            redemption = coupons.live_redemption(booking=current)
            coupon = redemption.coupon if redemption else None
            if coupon is not None and len(seats) < coupon.min_tickets:
                # Fewer tickets than the coupon needs: the booking loses it, and the use is given back.
                coupons.redemption_release(booking=current)
                redemption = coupon = None
            quote = pricing.quote(
                show=target,
                seats=seats,
                customer=current.customer,
                coupon=coupon,
                complimentary=current.payment_status == Booking.PaymentStatus.COMPLIMENTARY,
                house=current.channel == Booking.Channel.HOUSE,
            )
            if redemption is not None:
                redemption.amount = quote.coupon_amount
                redemption.save(update_fields=["amount"])
            current.show = target
            # The issued invoice stays as it was; the changed booking gets a new one.
            current.invoice_number = _next_invoice_number()
            _store_quote(current, quote)
            _new_tickets(current, quote, seats, Ticket.Status.CONFIRMED)
            _log(
                current,
                by,
                "changed",
                f"{old_show} seats {', '.join(str(t.seat) for t in old)} ({old_total}) → "
                f"{target} seats {', '.join(map(str, seats))} ({quote.total}); "
                f"invoice {current.invoice_number} replaces {old_invoice}",
            )
            if current.payment_status != Booking.PaymentStatus.COMPLIMENTARY:
                paid = pricing.amount_paid(current)
                if paid > current.total:
                    _refund(current, paid - current.total, by=by)  # staff hand the difference back
                    paid = current.total
                current.payment_status = (
                    Booking.PaymentStatus.PAID if paid >= current.total else Booking.PaymentStatus.UNPAID
                )
                current.save(update_fields=["payment_status", "updated_at"])
            tier_refresh(customer=current.customer)
            signals.booking_changed.send(sender=Booking, booking=current)
            return current

    return _seats_changed_guard(change)


def booking_cancel(
    *, booking: Booking, by, reason: str, refund_now: bool = False, allow_started: bool = False
) -> Booking:
    """Cancel a booking: the seats free at once; what was paid is refunded now (at the counter)
    or recorded as a refund due, to be paid out by staff."""
    if not reason.strip():
        raise BookingError("Say why the booking is cancelled.")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("show").get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            raise BookingError("This booking is already cancelled.")
        if booking.show.starts_at <= timezone.now() and not allow_started:
            raise BookingError("The show has started: this booking can no longer be cancelled.")
        if not allow_started:
            _refuse_if_checked_in(booking, "cancelled")
        paid = pricing.amount_paid(booking)
        if paid > 0 and refund_now:
            _refund(booking, paid, by=by)
        booking.tickets.filter(status__in=ACTIVE).update(status=Ticket.Status.CANCELLED)
        booking.status = Booking.Status.CANCELLED
        booking.hold_expires_at = None
        booking.cancelled_at = timezone.now()
        booking.cancelled_by = by
        booking.cancel_reason = reason.strip()
        booking.refund_amount = paid
        if paid > 0:
            booking.payment_status = Booking.PaymentStatus.REFUNDED if refund_now else Booking.PaymentStatus.REFUND_DUE
        booking.save()
        coupons.redemption_release(booking=booking)
        _log(booking, by, "cancelled", f"{reason.strip()} · refund {paid}{'' if refund_now or not paid else ' due'}")
        if booking.invoice_number:
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


def holds_release_expired() -> int:
    """Delete holds past their time (they already block nothing); for cron."""
    _, per_model = Booking.objects.filter(status=Booking.Status.HELD, hold_expires_at__lte=timezone.now()).delete()
    return per_model.get(Booking._meta.label, 0)


# --- Door ----------------------------------------------------------------------------------------


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
            when = timezone.localtime(ticket.show.starts_at)
            message = f"This ticket is for {ticket.show.movie} in {ticket.show.auditorium} at {when:%a %d %b %H:%M}."
            if not door_open:
                later = timezone.now() < opens
                message += (
                    f" The door opens at {timezone.localtime(opens):%a %H:%M}." if later else " That show is over."
                )
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
            first = timezone.localtime(ticket.used_at)
            return CheckIn("used", f"Already used at {first:%H:%M:%S} on {first:%d %b}.", ticket)
        ticket.used_at = timezone.now()
        ticket.checked_in_by = by
        ticket.save(update_fields=["used_at", "checked_in_by"])
        _log(booking, by, "checked in", f"Seat {ticket.seat} at the door")
    return CheckIn("valid", f"Welcome! Row {ticket.seat.row}, seat {ticket.seat.number}.", ticket)
