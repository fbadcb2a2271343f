"""The booking confirmation says how to get in: a paid booking shows its code at the door, an unpaid
one (pay at the box office) pays first, and is told how much and under which reference."""

import pytest

from bookings.pricing import amount_due
from bookings.tests.factories import confirmed, sold_at_counter
from movies.tests.factories import show as make_show
from notifications.models import Kind, Notification
from users.tests.factories import UserFactory
from xcounter.money import format_money

pytestmark = pytest.mark.django_db


def mail_to(mailoutbox, user):
    (mail,) = [m for m in mailoutbox if m.to == [user.email]]
    html = "".join(content for content, mimetype in mail.alternatives if mimetype == "text/html")
    return mail.body, html


def test_an_unpaid_booking_is_told_to_pay_at_the_box_office_first(mailoutbox, django_capture_on_commit_callbacks):
    customer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1", "A2", customer=customer)
    due = format_money(amount_due(booking))
    assert booking.payment_status == "unpaid" and due == format_money(booking.total)
    text, html = mail_to(mailoutbox, customer)
    notice = Notification.objects.get(user=customer, kind=Kind.BOOKING)
    for said in (text, html, notice.body):
        assert f"Pay {due} at the box office before the show" in said
        assert f"reference {booking.reference}" in said
        assert "the door lets tickets in once they are paid" in said
        assert "Show the ticket code" not in said


def test_a_paid_booking_is_told_to_show_its_code_at_the_door(mailoutbox, django_capture_on_commit_callbacks):
    customer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = sold_at_counter(make_show(), "A1", customer=customer)
    assert booking.payment_status == "paid"
    text, html = mail_to(mailoutbox, customer)
    for said in (text, html):
        assert "Show the ticket code (or its QR code) at the door." in said
        assert "at the box office before the show" not in said
