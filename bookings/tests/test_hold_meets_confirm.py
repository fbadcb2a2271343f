"""A customer's new pick on a show replaces their live hold there, and an expired hold is cleared
for whoever picks its seats; both happen under the show's lock. A confirmation of that very hold
locks the hold's row first and the show's second. Were the pick to wait for the hold's row, each
would wait for the other: PostgreSQL would abort one (a 500). The pick skips a hold whose row is
locked (it is being confirmed, so it is no longer a hold to clear) and counts its seats as taken."""

import threading
import time

import pytest
from django.db import connection, transaction

from bookings import services
from bookings.exceptions import SeatsTaken
from bookings.models import Booking
from bookings.tests.factories import held, seats_of
from movies.models import Show
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def confirming(booking, show_locked: threading.Event, row_locked: threading.Event, errors: list):
    """What `booking_confirm` does first: the hold's row, then (once the pick holds the show) the show."""
    try:
        with transaction.atomic():
            Booking.objects.select_for_update().get(pk=booking.pk)
            row_locked.set()
            show_locked.wait(timeout=2)  # SQLite: the pick waits for this transaction instead
            Show.objects.select_for_update().get(pk=booking.show_id)
    except Exception as error:  # a deadlock, on PostgreSQL without the skip
        errors.append(error)
    finally:
        connection.close()


def test_a_new_pick_does_not_deadlock_with_the_confirmation_of_the_hold_it_replaces(monkeypatch):
    first = held(None, "A1")
    customer, show = first.customer, first.show
    show_locked, row_locked, errors = threading.Event(), threading.Event(), []

    real_chosen = services.seats._chosen

    def chosen_under_the_show_lock(*args, **kwargs):
        show_locked.set()
        time.sleep(0.3)  # the confirmation now waits for the show's lock
        return real_chosen(*args, **kwargs)

    monkeypatch.setattr(services.seats, "_chosen", chosen_under_the_show_lock)
    other = threading.Thread(target=confirming, args=(first, show_locked, row_locked, errors))
    other.start()
    assert row_locked.wait(timeout=5)
    second = services.booking_hold(show=show, seat_ids=seats_of(show, "A2"), customer=customer, by=customer)
    other.join(timeout=10)

    assert errors == [] and not other.is_alive()
    assert second.status == Booking.Status.HELD
    if connection.vendor == "postgresql":
        # Skipped while being confirmed: the first hold stays, for its confirmation to finish.
        assert Booking.objects.filter(pk=first.pk).exists()
    else:
        # SQLite lets one writer in at a time: the pick came after, and replaced the first hold.
        assert not Booking.objects.filter(pk=first.pk).exists()


def test_a_pick_of_the_seats_of_a_hold_being_confirmed_is_refused_as_taken(monkeypatch):
    first = held(None, "A1")
    show, someone = first.show, UserFactory()
    Booking.objects.filter(pk=first.pk).update(hold_expires_at=first.created_at)  # expired, yet confirming
    show_locked, row_locked, errors = threading.Event(), threading.Event(), []

    real_chosen = services.seats._chosen

    def chosen_under_the_show_lock(*args, **kwargs):
        show_locked.set()
        time.sleep(0.3)
        return real_chosen(*args, **kwargs)

    monkeypatch.setattr(services.seats, "_chosen", chosen_under_the_show_lock)
    other = threading.Thread(target=confirming, args=(first, show_locked, row_locked, errors))
    other.start()
    assert row_locked.wait(timeout=5)
    if connection.vendor == "postgresql":
        with pytest.raises(SeatsTaken):
            services.booking_hold(show=show, seat_ids=seats_of(show, "A1"), customer=someone, by=someone)
    else:
        # SQLite: the pick runs after the other transaction; the expired hold is cleared and sold on.
        services.booking_hold(show=show, seat_ids=seats_of(show, "A1"), customer=someone, by=someone)
    other.join(timeout=10)
    assert errors == [] and not other.is_alive()
