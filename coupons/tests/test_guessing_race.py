"""Coupon guesses fired all at once: no more codes are looked at than the limit allows.

On PostgreSQL checkouts of different shows run in parallel (each locks only its own show), so a
limit checked before the count is taken would let every racer through; the count is taken first.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from bookings.tests.factories import held
from coupons import services as coupons
from movies import services as catalog
from movies.tests.factories import PRICES, MovieFactory, auditorium
from users.tests.factories import UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_tiers")]

RACERS = 30
TOO_MANY = "Too many coupon codes tried"


def race(requests):
    """Run each request at the same moment in its own thread; the answers' coupon messages."""
    barrier = threading.Barrier(len(requests))
    answers: list[str] = []

    def racer(request):
        try:
            barrier.wait()
            page = request().content.decode()
            answers.append(
                "too many" if TOO_MANY in page else "looked up" if "No coupon has the code" in page else page[:300]
            )
        except Exception as error:  # a 500 in real life
            answers.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=racer, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_one_customer_checking_out_many_shows_at_once_gets_only_the_allowed_number_of_codes_looked_at():
    hall = auditorium(layout="SSSS")
    customer = UserFactory()
    client = Client()
    sign_in_as(client, customer)
    first = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    bookings = []
    for day in range(RACERS):
        show = catalog.show_schedule(
            movie=MovieFactory(), auditorium=hall, starts_at=first + timedelta(days=day), prices=PRICES
        )
        bookings.append(held(show, "A1", customer=customer))

    def checkout(index):
        url = reverse("bookings:checkout", args=[bookings[index].reference])
        return lambda: client.post(url, {"provider": "box_office", "coupon": f"GUESS{index}"})

    answers = race([checkout(index) for index in range(RACERS)])

    assert sorted(answers) == ["looked up"] * coupons.GUESSES_ALLOWED + ["too many"] * (
        RACERS - coupons.GUESSES_ALLOWED
    )
    assert not Booking.objects.filter(status=Booking.Status.CONFIRMED).exists()


def test_customers_behind_one_ip_guessing_at_once_share_its_budget(monkeypatch):
    monkeypatch.setattr(coupons, "GUESSES_ALLOWED_PER_IP", 10)
    hall = auditorium(layout="S" * RACERS)
    show = catalog.show_schedule(
        movie=MovieFactory(), auditorium=hall, starts_at=timezone.now() + timedelta(days=2), prices=PRICES
    )
    requests = []
    for index in range(RACERS):
        customer, client = UserFactory(), Client(REMOTE_ADDR="203.0.113.7")
        sign_in_as(client, customer)
        booking = held(show, f"A{index + 1}", customer=customer)
        url = reverse("bookings:checkout_quote", args=[booking.reference])
        requests.append(lambda client=client, url=url, index=index: client.get(url, {"coupon": f"GUESS{index}"}))

    answers = race(requests)

    assert sorted(answers) == ["looked up"] * 10 + ["too many"] * (RACERS - 10)
