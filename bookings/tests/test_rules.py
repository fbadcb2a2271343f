"""One rule each, the same on every page and in every action: when a show is off sale, when a
booking may be cancelled, what the confirmation says about payment."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from freezegun import freeze_time

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Booking
from bookings.tests.factories import confirmed, held, sold_at_counter
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def show():
    return make_show()


def test_at_its_start_time_a_show_is_off_sale_on_every_page(client, sign_in, show):
    customer = sign_in(UserFactory())
    booking = confirmed(show, "A1", customer=customer)
    with freeze_time(show.starts_at):
        cache.clear()
        assert client.get(show.movie.get_absolute_url()).context["show_days"] == []
        assert client.get(reverse("bookings:seat_map", args=[show.pk])).status_code == 404
        mine = client.get(reverse("bookings:mine")).context
        assert list(mine["upcoming"]) == [] and [b.reference for b in mine["past"]] == [booking.reference]


def test_a_hold_is_not_cancelled_it_is_let_go(show):
    hold = held(show, "A1")
    with pytest.raises(BookingError, match="Only a confirmed booking can be cancelled"):
        services.booking_cancel(booking=hold, by=hold.customer, reason="Changed my mind")
    hold.refresh_from_db()
    assert hold.status == Booking.Status.HELD


def test_no_cancel_button_once_a_ticket_was_used_at_the_door(client, sign_in, show):
    customer = UserFactory()
    booking = confirmed(show, "A1", "A2", customer=customer)
    salesman = UserFactory(role=Role.SALESMAN)
    services.payment_record(booking=booking, method="cash", by=salesman)
    moderator = UserFactory(role=Role.MODERATOR)
    with freeze_time(show.starts_at - timedelta(minutes=30)):
        services.ticket_check_in(code=booking.tickets.first().code, show=show, by=salesman)
        sign_in(customer)
        assert client.get(reverse("bookings:detail", args=[booking.reference])).context["cancellable"] is False
        client.logout()
        sign_in(moderator)
        page = client.get(reverse("bookings:staff_detail", args=[booking.reference]))
        assert page.context["cancellable"] is False
        assert reverse("bookings:staff_cancel", args=[booking.reference]) not in page.content.decode()


def test_the_confirmation_of_a_paid_counter_sale_says_paid(show, mailoutbox, django_capture_on_commit_callbacks):
    customer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        booking = sold_at_counter(show, "A1", customer=customer, method="cash")
    mail = next(m for m in mailoutbox if m.to == [customer.email])
    assert f"Booking {booking.reference} confirmed" in mail.subject
    assert "(Paid)" in mail.body and "Unpaid" not in mail.body
