"""Odd input from browsers and people never produces a 500."""

import pytest
from django.urls import reverse

from bookings.tests.factories import sold_at_counter
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ODD = ["³", "٣", "99999999999999999999999", "-1", "1.5", "<script>", ""]


@pytest.mark.parametrize("value", ODD)
def test_odd_ids_and_seats_are_refused_cleanly(client, sign_in, value):
    show = make_show()
    booking = sold_at_counter(show, "A1")
    sign_in(UserFactory(role=Role.ADMIN))
    pages = [
        client.get(reverse("bookings:counter", args=[show.pk]), {"customer": value}),
        client.get(reverse("bookings:counter_quote", args=[show.pk]), {"seat": value, "customer": value}),
        client.get(reverse("bookings:staff_change", args=[booking.reference]), {"show": value}),
        client.get(reverse("bookings:door"), {"show": value}),
        client.get(reverse("movies:staff_show_list"), {"auditorium": value}),
        client.post(reverse("bookings:counter", args=[show.pk]), {"seat": [value], "method": "cash"}),
        client.post(reverse("bookings:house_seats", args=[show.pk]), {"seat": [value], "guest_name": "X"}),
    ]
    assert all(page.status_code in (200, 302, 404) for page in pages), [p.status_code for p in pages]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-02-30", "1999-12-31"])
def test_extreme_dates_are_ignored(client, sign_in, day):
    sign_in(UserFactory(role=Role.MODERATOR))
    for url in (
        "/",
        "/coming-soon/",
        reverse("movies:schedule"),
        reverse("bookings:staff_list"),
        reverse("movies:staff_show_list"),
    ):
        assert client.get(url, {"date": day}).status_code == 200, url
