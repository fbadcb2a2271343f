"""A payment racing the close: it lands in the session before the close (and in its expected
figures) or is refused whole. Never a payment outside every drawer. A till opening racing the day
close: one of them wins, never a till open on a closed day. Run it on PostgreSQL
(DATABASE_URL=postgres://…) for real row locks; SQLite serialises the writers."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from bookings import services as bookings
from bookings.exceptions import BookingError
from bookings.models import Booking, Payment
from bookings.tests.factories import seats_of
from boxoffice import services
from boxoffice.models import DayClose, TillEntry, TillSession
from boxoffice.tests.factories import salesman, till
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

SELLERS = 8
DELAYS = [0, 0.05, 0.1, 0.15, 0.25]
ROUNDS = len(DELAYS)
SEATS = [f"{row}{n}" for row in "AB" for n in range(1, 9)]


def race(actions):
    barrier = threading.Barrier(len(actions))
    outcomes: dict[int, str] = {}

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "done"
        except BookingError:
            outcomes[index] = "refused"
        except Exception as error:  # anything else would be a 500: the test fails
            outcomes[index] = f"error: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_sales_racing_the_close_land_before_it_or_are_refused(round_):
    cashier = salesman()
    session = till(cashier, opening_float="100.00")
    show = make_show()
    seats = [seats_of(show, label) for label in SEATS[:SELLERS]]

    def sell(seat):
        return lambda: bookings.booking_sell(show=show, seat_ids=seat, customer=None, by=cashier, method="cash")

    def close():
        time.sleep(DELAYS[round_])  # later each round: from before every sale to amid them
        services.session_close(session=session, by=cashier, counted_cash=Decimal("100"), counted_card=0, note="race")

    outcomes = race([close, *(sell(seat) for seat in seats)])
    assert outcomes[0] == "done"
    assert set(outcomes.values()) <= {"done", "refused"}, outcomes

    session = TillSession.objects.get(pk=session.pk)
    sold = sum(1 for i in range(1, SELLERS + 1) if outcomes[i] == "done")
    # Every sale that went through is paid and in the closed session's expected cash; every refused
    # one left nothing behind (no booking, no payment).
    assert Booking.objects.count() == Payment.objects.count() == sold
    assert TillEntry.objects.filter(session=session, kind="sale").count() == sold
    assert session.expected_cash == Decimal("100.00") + Decimal("12.50") * sold
    assert not TillEntry.objects.exclude(session=session).exists()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_till_opened_in_the_instant_of_the_day_close_stops_it_or_is_refused(round_):
    """The close reads the open sessions, the opening checks the day is not closed: unlocked, both
    could pass and leave a till open on a signed-off day. They share the day's lock."""
    manager = UserFactory(role=Role.MODERATOR)
    cashiers = [salesman() for _ in range(4)]
    today = timezone.localdate()

    def open_till(cashier, counter):
        return lambda: services.session_open(cashier=cashier, counter=counter, opening_float="50.00")

    def close_day():
        time.sleep(DELAYS[round_] / 5)  # from before every opening to amid them
        services.day_close(day=today, by=manager)

    outcomes = race([close_day, *(open_till(c, f"Counter {n}") for n, c in enumerate(cashiers, 1))])
    assert set(outcomes.values()) <= {"done", "refused"}, outcomes

    opened = TillSession.objects.filter(closed_at__isnull=True).count()
    assert opened == sum(1 for i in range(1, len(cashiers) + 1) if outcomes[i] == "done")
    # Either the day closed and no till is open on it, or a till opened first and the close was refused.
    assert DayClose.objects.filter(day=today).exists() == (outcomes[0] == "done")
    assert not (outcomes[0] == "done" and opened), outcomes
