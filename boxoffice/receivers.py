"""Every counter payment and refund joins its recorder's open till session, inside the booking
transaction (bookings announces each payment row with `payment_recorded`; bookings never imports
this app). A payment with no open session raises, so the sale, payment or refund is refused whole."""

from bookings import signals
from boxoffice import services


def _payment(sender, payment, **kwargs):
    services.payment_attach(payment)


def connect():
    signals.payment_recorded.connect(_payment, dispatch_uid="boxoffice-payment-recorded")
