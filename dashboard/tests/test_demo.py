"""`seed_demo` gives every dashboard chart something to draw, and the demo customer bookings with
their documents."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from dashboard import selectors
from users.models import User
from xcounter.days import Period

pytestmark = pytest.mark.django_db


def test_every_admin_chart_has_something_to_draw_from_the_demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--days", "3", stdout=StringIO())
    today = timezone.localdate()
    page = selectors.admin_page(Period(today - timedelta(days=3), today))
    empty = [
        name
        for name, chart in page.charts.items()
        if not chart["labels"] or not any(any(dataset["data"]) for dataset in chart["datasets"])
    ]
    assert empty == []
    customer = selectors.customer_page(User.objects.get(email="customer@xcounter.test"))
    assert len(customer.upcoming) == 1 and len(customer.past) == 1
    assert all(booking.invoice_number for booking in customer.upcoming + customer.past)
