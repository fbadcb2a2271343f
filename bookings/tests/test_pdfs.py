"""PDFs read back as a customer's PDF viewer would show them."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from bookings import services
from bookings.codes import pretty_ticket_code
from bookings.pdfs import invoice_pdf, tickets_pdf
from bookings.selectors import booking_documents
from bookings.tests.factories import confirmed, seats_of, sold_at_counter
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory
from xcounter.days import format_when

pytestmark = pytest.mark.django_db


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture
def booking():
    show = make_show(movie=MovieFactory(title="Winter Harbour"))
    return sold_at_counter(show, "A1", "C1", method="card")


def test_ticket_pdf_has_a_page_per_seat_with_everything_the_door_needs(booking):
    tickets, _ = booking_documents(booking)
    text = pages(tickets_pdf(booking, tickets))
    assert len(text) == 2
    for page, ticket in zip(text, tickets, strict=True):
        assert "Winter Harbour" in page and "Hall 1" in page
        assert format_when(booking.show.starts_at) in page  # “Mon 30 Nov 2026, 19:00”, theater time
        assert f"Row {ticket.seat.row}  Seat {ticket.seat.number}" in page
        assert booking.reference in page and pretty_ticket_code(ticket.code) in page
    assert "Standard" in text[0] and "€12.50" in text[0]
    assert "VIP" in text[1] and "€18.00" in text[1]


def test_invoice_pdf_lists_seats_totals_and_payment(booking):
    tickets, payments = booking_documents(booking)
    (page,) = pages(invoice_pdf(booking, tickets, payments))
    assert f"Invoice {booking.invoice_number}" in page
    assert "Customer: Walk-in customer" in page
    assert "Winter Harbour" in page
    assert "Row A, seat 1" in page and "Row C, seat 1" in page
    assert "Subtotal\n€30.50" in page and "Total\n€30.50" in page
    assert "Counter card" in page and "Status: Paid" in page


def test_invoice_of_a_cancelled_booking_shows_the_refund():
    booking = confirmed(make_show(), "A1")
    services.payment_record(booking=booking, method="cash", by=UserFactory(role=Role.SALESMAN))
    services.booking_cancel(booking=booking, by=booking.customer, reason="Ill")
    booking.refresh_from_db()
    tickets, payments = booking_documents(booking)
    (page,) = pages(invoice_pdf(booking, tickets, payments))
    assert "€12.50 to be refunded at the box office." in page and booking.customer.email in page
    assert "CANCELLED" in pages(tickets_pdf(booking, tickets))[0]


def test_changed_booking_documents_show_only_the_new_seats():
    show = make_show()
    booking = confirmed(show, "A1")
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "B3"), by=booking.customer)
    tickets, _ = booking_documents(booking)
    text = pages(tickets_pdf(booking, tickets))
    assert len(text) == 1 and "Row B  Seat 3" in text[0]


def test_names_are_printed_as_typed_never_read_as_markup():
    from users.tests.factories import UserFactory

    customer = UserFactory(full_name='Ann <b>Bold</b> & <img src="http://example.com/x.png"/>')
    booking = confirmed(make_show(), "A1", customer=customer)
    tickets, payments = booking_documents(booking)
    (page,) = pages(invoice_pdf(booking, tickets, payments))
    assert 'Ann <b>Bold</b> & <img src="http://example.com/x.png"/>' in page
