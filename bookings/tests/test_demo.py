from decimal import Decimal

import pytest
from django.core.management import call_command

from bookings.models import Booking, Payment
from boxoffice.models import TillEntry, TillSession
from notifications.models import Notification
from outbox.models import OutboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.tills_by_hand]  # seed_demo opens its own tills


def test_seed_demo_adds_past_and_upcoming_bookings_of_every_kind(settings, mailoutbox):
    settings.DEBUG = True
    call_command("seed_demo", "--days", "3", verbosity=0)
    bookings = Booking.objects.all()
    assert bookings.filter(channel="online").exists() and bookings.filter(channel="counter").exists()
    assert bookings.filter(status="cancelled").exists()
    assert bookings.filter(show__starts_at__lt=Booking.objects.latest("created_at").created_at).exists()
    assert all(b.invoice_number for b in bookings.filter(status="confirmed"))
    # Invented history tells nobody: no notice, no mail for the demo's sales, cancellations, salary
    # entries and paid months.
    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists() and mailoutbox == []
    # Every counter payment is in a salesman's till; the tills are closed, one short, one over.
    assert Payment.objects.filter(method__in=["cash", "card"]).count() == TillEntry.objects.count() > 0
    sessions = TillSession.objects.order_by("counter")
    assert [(s.counter, s.status, s.cash_variance) for s in sessions] == [
        ("Counter 1", "reviewed", Decimal("0.00")),
        ("Counter 2", "closed", Decimal("-5.00")),
        ("Counter 3", "closed", Decimal("2.50")),
    ]
    count = bookings.count()
    call_command("seed_demo", "--days", "3", verbosity=0)
    assert Booking.objects.count() == count and TillSession.objects.count() == 3
