"""Django admin never skips the booking services: bookings are read-only there."""

import pytest

from bookings.models import Booking
from bookings.tests.factories import sold_at_counter
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


def test_bookings_are_neither_added_changed_nor_deleted_in_admin(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    booking = sold_at_counter()
    assert client.get(admin_url(Booking, "change", booking.pk)).status_code == 200  # Admins can look
    assert client.post(admin_url(Booking, "add"), {"status": "confirmed"}).status_code == 403
    assert client.post(admin_url(Booking, "change", booking.pk), {"status": "cancelled"}).status_code == 403
    assert client.post(admin_url(Booking, "delete", booking.pk), {"post": "yes"}).status_code == 403
    admin_action(client, Booking, "delete_selected", [booking], post="yes")  # not offered
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.tickets.filter(status="confirmed").count() == 1
