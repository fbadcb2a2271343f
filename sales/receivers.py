"""The sales figures follow every booking event, inside its transaction: a sale that rolls back
leaves no figure, and a committed one is in today's figures at once."""

from bookings import signals
from sales import services


def _confirmed(sender, booking, tickets=None, **kwargs):
    services.sale_record(booking, tickets)


def _changed(sender, booking, **kwargs):
    services.change_record(booking)


def _cancelled(sender, booking, **kwargs):
    services.cancellation_record(booking)


def _refund_paid(sender, booking, **kwargs):
    services.refund_paid_record(booking)


def _payment(sender, payment, **kwargs):
    services.payment_record(payment)


def _checked_in(sender, ticket, **kwargs):
    services.check_in_record(ticket)


def connect():
    signals.booking_confirmed.connect(_confirmed, dispatch_uid="sales-booking-confirmed")
    signals.booking_changed.connect(_changed, dispatch_uid="sales-booking-changed")
    signals.booking_cancelled.connect(_cancelled, dispatch_uid="sales-booking-cancelled")
    signals.refund_paid.connect(_refund_paid, dispatch_uid="sales-refund-paid")
    signals.payment_recorded.connect(_payment, dispatch_uid="sales-payment-recorded")
    signals.ticket_checked_in.connect(_checked_in, dispatch_uid="sales-ticket-checked-in")
