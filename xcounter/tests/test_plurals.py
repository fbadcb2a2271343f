"""One of a thing is singular wherever a number meets a word: “1 ticket”, never “1 tickets”."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.exceptions import BookingError
from bookings.payments import PayAtBoxOffice
from bookings.tests.factories import held, seats_of
from movies.tests.factories import show as make_show
from promotions.models import Tier
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def flashes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_counted():
    from xcounter.words import counted  # the helper this issue adds

    assert [counted(n, "ticket") for n in (0, 1, 2)] == ["0 tickets", "1 ticket", "2 tickets"]
    assert counted(1, "person", "people") == "1 person" and counted(3, "person", "people") == "3 people"


def test_counter_sale_of_one_seat(client, sign_in):
    sign_in(UserFactory(role=Role.SALESMAN))
    show = make_show()
    response = client.post(
        reverse("bookings:counter", args=[show.pk]), {"seat": seats_of(show, "A1"), "method": "cash"}
    )
    (message,) = flashes(response)
    assert message.endswith(", 1 ticket. Print it below.")


def test_one_ticket_booked_and_the_tier_it_reaches(mailoutbox, django_capture_on_commit_callbacks):
    Tier.objects.all().delete()
    Tier.objects.create(name="First", min_tickets=1, percent_off=5)
    with django_capture_on_commit_callbacks(execute=True):
        booking = held(make_show(), "A1")
        services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer)
    confirmation = booking.customer.notifications.get(title__startswith="Booking")
    assert "1 ticket, total €12.50" in confirmation.body
    assert "1 ticket, total €12.50" in next(m.body for m in mailoutbox if "confirmed" in m.subject)
    welcome = booking.customer.notifications.get(title__startswith="Welcome to First")
    assert welcome.body == "You have 1 ticket from the last 12 months."


def test_limits_of_one(settings):
    settings.BOOKING_MAX_SEATS = 1
    settings.BOOKING_HOLD_MINUTES = 1
    show = make_show()
    with pytest.raises(BookingError, match=r"^A booking holds at most 1 seat\.$"):
        held(show, "A1", "A2")
    booking = held(show, "A1")
    with freeze_time(timezone.now() + timedelta(minutes=2)), pytest.raises(BookingError) as refusal:
        services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer)
    assert str(refusal.value).startswith("Your seats were held for 1 minute and")


def test_staff_pages_count_one(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    UserFactory(role=Role.CUSTOMER)
    offer = {"subject": "Tuesdays", "body": "Half price.", "audience": "all", "action": "send"}
    assert flashes(client.post(reverse("notifications:offers"), offer)) == [
        "Queued for 1 customer; it goes out in the background."
    ]
    client.post(reverse("movies:staff_auditorium_create"), {"name": "Tiny", "layout": "S"})
    assert "1 seat ·" in client.get(reverse("movies:staff_auditorium_list")).content.decode()
