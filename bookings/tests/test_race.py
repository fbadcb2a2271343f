"""The seat guarantee under fire: many buyers, one seat, exactly one winner."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import ACTIVE_TICKET, Booking, InvoiceCounter, Ticket
from bookings.payments import PayAtBoxOffice
from bookings.tests.factories import held, seats_of
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS = 24


def race(action, count):
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def buyer(index):
        try:
            barrier.wait()
            action(index)
            outcomes.append("won")
        except BookingError:
            outcomes.append("refused")
        except Exception as error:  # anything else (a 500 in real life) must fail the test
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_many_customers_holding_one_seat_leave_exactly_one_winner():
    show = make_show()
    seat = seats_of(show, "B2")
    customers = [UserFactory() for _ in range(BUYERS)]
    outcomes = race(
        lambda i: services.booking_hold(show=show, seat_ids=seat, customer=customers[i], by=customers[i]), BUYERS
    )
    assert outcomes == ["refused"] * (BUYERS - 1) + ["won"]
    assert Ticket.objects.filter(show=show, seat_id=seat[0]).count() == 1


def test_counter_and_online_racing_for_overlapping_seats_never_sell_a_seat_twice():
    show = make_show()
    salesman = UserFactory(role="salesman")
    customers = [UserFactory() for _ in range(BUYERS)]
    picks = [seats_of(show, f"A{1 + i % 4}", f"A{2 + i % 4}") for i in range(BUYERS)]

    def buy(i):
        if i % 2:
            services.booking_sell(show=show, seat_ids=picks[i], customer=None, by=salesman, method="cash")
        else:
            services.booking_hold(show=show, seat_ids=picks[i], customer=customers[i], by=customers[i])

    outcomes = race(buy, BUYERS)
    assert not [o for o in outcomes if o.startswith("error")]
    live = Ticket.objects.filter(ACTIVE_TICKET, show=show)
    assert live.count() == len(set(live.values_list("seat_id", flat=True)))
    assert outcomes.count("won") >= 2


def test_confirmations_racing_for_the_invoice_counter_get_gap_free_numbers_the_years_first_too():
    """Holds of a dozen shows confirmed at once (no show lock between them), with no counter row for
    the year yet: every one gets a number, none twice, none skipped (the counter is one UPDATE ...
    RETURNING, the year's row inserted by whoever comes first)."""
    hall = auditorium(name="Race hall")
    tomorrow = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    holds = [held(make_show(auditorium_=hall, starts_at=tomorrow + timedelta(days=n)), "A1") for n in range(12)]
    assert not InvoiceCounter.objects.exists()
    outcomes = race(
        lambda i: services.booking_confirm(booking=holds[i], provider=PayAtBoxOffice(), by=holds[i].customer),
        len(holds),
    )
    assert outcomes == ["won"] * len(holds)
    numbers = sorted(Booking.objects.values_list("invoice_number", flat=True))
    year = numbers[0][:4]
    assert numbers == [f"{year}-{n:06d}" for n in range(1, len(holds) + 1)]
