"""What booking mails carry: the ticket and invoice PDFs, built when the mail is sent.

The notifications outbox calls `booking_documents("<booking id>")` at delivery time.
"""


def booking_documents(booking_id: str) -> list[tuple[str, bytes, str]]:
    from bookings.models import Booking
    from bookings.pdfs import invoice_pdf, tickets_pdf
    from bookings.selectors import booking_documents as documents

    booking = Booking.objects.select_related("show__movie", "show__auditorium", "customer").get(pk=int(booking_id))
    tickets, payments = documents(booking)
    return [
        (f"tickets-{booking.reference}.pdf", tickets_pdf(booking, tickets), "application/pdf"),
        (f"invoice-{booking.invoice_number}.pdf", invoice_pdf(booking, tickets, payments), "application/pdf"),
    ]
