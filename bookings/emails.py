"""Booking mails. Plain for now (the notification issue templates them and adds an outbox).

They are sent after commit; a mail server failure is logged and never undoes a booking.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

logger = logging.getLogger(__name__)


def _documents(booking):
    from bookings.pdfs import invoice_pdf, tickets_pdf
    from bookings.selectors import booking_documents

    tickets, payments = booking_documents(booking)
    return [
        (f"tickets-{booking.reference}.pdf", tickets_pdf(booking, tickets), "application/pdf"),
        (f"invoice-{booking.invoice_number}.pdf", invoice_pdf(booking, tickets, payments), "application/pdf"),
    ]


def _send(booking, subject: str, body: str, *, with_documents: bool = False) -> None:
    if booking.customer is None:
        return  # house seats and anonymous walk-ins: nobody to mail
    try:
        message = EmailMessage(
            f"[{settings.THEATER_NAME}] {subject}", body, settings.DEFAULT_FROM_EMAIL, [booking.customer.email]
        )
        for attachment in _documents(booking) if with_documents else ():
            message.attach(*attachment)
        message.send()
    except Exception:  # a mail server hiccup must not break the booking that already happened
        logger.exception("Could not send booking mail for %s", booking.reference)


def send_booking_confirmed(booking_id: int) -> None:
    from bookings.models import Booking

    booking = Booking.objects.select_related("show__movie", "show__auditorium", "customer").get(pk=booking_id)
    starts = timezone.localtime(booking.show.starts_at)
    body = (
        f"Hello {booking.customer.get_short_name() if booking.customer else ''},\n\n"
        f"your booking {booking.reference} is confirmed:\n"
        f"{booking.show.movie.title}, {starts:%A %d %B %Y at %H:%M}, {booking.show.auditorium.name}.\n"
        f"Total: {booking.total} {settings.CURRENCY} ({booking.get_payment_status_display()}).\n\n"
        "Your tickets and invoice are attached. Show the ticket code at the door.\n"
    )
    _send(booking, f"Booking {booking.reference} confirmed", body, with_documents=True)


def send_booking_cancelled(booking_id: int) -> None:
    from bookings.models import Booking

    booking = Booking.objects.select_related("show__movie", "customer").get(pk=booking_id)
    body = (
        f"Your booking {booking.reference} for {booking.show.movie.title} is cancelled.\n"
        f"Reason: {booking.cancel_reason}\nRefund: {booking.refund_amount or 0} {settings.CURRENCY}\n"
    )
    _send(booking, f"Booking {booking.reference} cancelled", body)
