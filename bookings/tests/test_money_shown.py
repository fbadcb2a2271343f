"""Money reads the same wherever a person meets it: the booking trail, staff pages, messages,
notices, mails and PDFs all write it with `format_money` — cents only, a real minus sign, and
refunds in words (“€5.99 refunded”)."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from bookings import services
from bookings.models import Payment
from bookings.pdfs import invoice_pdf
from bookings.selectors import booking_documents
from bookings.tests.factories import confirmed, seats_of, sold_at_counter
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory
from xcounter.money import format_money

pytestmark = pytest.mark.django_db

# A number with a decimal point that is not written as money (no currency sign in front).
BARE_AMOUNT = re.compile(r"(?<![€\d.,])\d+\.\d+")


@pytest.fixture
def show():
    return make_show(standard=Decimal("5.99"))  # and VIP €18.00


@pytest.fixture
def salesman(client, sign_in):
    return sign_in(UserFactory(role=Role.SALESMAN, full_name="Sam Salesman"))


def test_one_formatter_cents_and_a_real_minus_sign():
    assert format_money(Decimal("5.9900000000000")) == "€5.99"
    assert format_money(Decimal("-5.99")) == "−€5.99"  # U+2212, not “€-5.99”
    assert format_money(Decimal("-0.001")) == "€0.00"
    assert format_money(Decimal("1234.5")) == "€1,234.50"


def test_the_booking_trail_writes_every_amount_like_the_site(client, salesman, show):
    booking = sold_at_counter(show, "C1", salesman=salesman, method="cash")  # VIP €18.00, paid
    services.booking_change(booking=booking, show=show, seat_ids=seats_of(show, "A1"), by=salesman)  # €5.99
    services.booking_cancel(booking=booking, by=salesman, reason="Wrong day", refund_now=True)
    trail = list(booking.events.values_list("action", "details"))

    assert ("sold", "Seats C1 at the counter, total €18.00") in trail
    assert ("paid", "Counter cash €18.00") in trail
    changed = dict(trail)["changed"]
    assert "seats C1 (€18.00) → " in changed and "seats A1 (€5.99);" in changed
    assert [details for action, details in trail if action == "refunded"] == ["€12.01 refunded", "€5.99 refunded"]
    assert ("cancelled", "Wrong day · €5.99 refunded.") in trail
    assert [details for _, details in trail if BARE_AMOUNT.search(details)] == []

    page = client.get(reverse("bookings:staff_detail", args=[booking.reference])).content.decode()
    assert "by Sam Salesman — €5.99 refunded" in page
    assert "−€5.99" in page and "€-5.99" not in page  # the refund in the payments list
    assert "Wrong day. €5.99 refunded." in page


def test_a_refund_due_reads_the_same_in_the_trail_the_message_the_notice_and_the_invoice(
    client, sign_in, show, mailoutbox, django_capture_on_commit_callbacks
):
    moderator = sign_in(UserFactory(role=Role.MODERATOR))
    booking = confirmed(show, "A1")
    services.payment_record(booking=booking, method="cash", by=moderator)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=booking.customer, reason="Ill")
    booking.refresh_from_db()
    due = "€5.99 to be refunded at the box office."
    assert booking.events.get(action="cancelled").details == f"Ill · {due}"
    assert due in mailoutbox[-1].body and due in booking.customer.notifications.latest("pk").body
    tickets, payments = booking_documents(booking)
    invoice = PdfReader(BytesIO(invoice_pdf(booking, tickets, payments))).pages[0].extract_text()
    assert due in invoice

    response = client.post(reverse("bookings:staff_refund", args=[booking.reference]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Refund of €5.99 recorded as paid out."]


def test_cancelling_an_unpaid_booking_says_nothing_is_refunded(mailoutbox, django_capture_on_commit_callbacks, show):
    booking = confirmed(show, "A1")  # pay at the box office, not paid yet
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, by=booking.customer, reason="Ill")
    body = mailoutbox[-1].body
    assert "Nothing was paid, so there is nothing to refund." in body
    assert "€0.00" not in body and "Refund:" not in body


def test_staff_records_read_like_the_site():
    """Django admin lists payments and discounts by their text."""
    payment = Payment(method=Payment.Method.CASH, amount=Decimal("-5.99"))
    assert str(payment) == "Counter cash −€5.99"
