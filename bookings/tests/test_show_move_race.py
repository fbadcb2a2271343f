"""A show moved to another auditorium while customers hold its seats: no ticket may keep a seat
of the old auditorium (its row and number would be sold again in the new one)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Ticket
from bookings.tests.factories import seats_of
from movies import services as catalog
from movies.exceptions import ScheduleError
from movies.models import Show
from movies.tests.factories import PRICES, MovieFactory, auditorium
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HOLDERS = 12
ROUNDS = 15
LAYOUT = "SSSSSS\nSSSSSS"


def one_round(round_no, old_hall, new_hall, customers):
    movie = MovieFactory()
    starts_at = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2 + round_no)
    show = catalog.show_schedule(movie=movie, auditorium=old_hall, starts_at=starts_at, prices=PRICES)
    picks = [seats_of(show, f"{'AB'[i // 6]}{1 + i % 6}") for i in range(HOLDERS)]
    barrier = threading.Barrier(HOLDERS + 1)
    outcomes: list[str] = []

    def holder(index):
        try:
            barrier.wait()
            services.booking_hold(show=show, seat_ids=picks[index], customer=customers[index], by=customers[index])
            outcomes.append("held")
        except BookingError:
            outcomes.append("refused")
        except Exception as error:  # anything else would be a 500
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    def mover():
        try:
            page = Show.objects.get(pk=show.pk)  # the moderator's edit page, loaded before the holds
            barrier.wait()
            catalog.show_update(show=page, movie=movie, auditorium=new_hall, starts_at=starts_at, prices=PRICES)
            outcomes.append("moved")
        except ScheduleError:
            outcomes.append("move refused")
        except Exception as error:
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=holder, args=(i,)) for i in range(HOLDERS)]
    threads.append(threading.Thread(target=mover))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return show, outcomes


def test_moving_a_show_while_customers_hold_seats_never_strands_a_ticket_in_the_old_auditorium():
    old_hall = auditorium(name="Old hall", layout=LAYOUT)
    new_hall = auditorium(name="New hall", layout=LAYOUT)
    customers = [UserFactory() for _ in range(HOLDERS)]
    for round_no in range(ROUNDS):
        show, outcomes = one_round(round_no, old_hall, new_hall, customers)
        assert not [o for o in outcomes if o.startswith("error")], outcomes
        show.refresh_from_db()
        stranded = Ticket.objects.filter(show=show).exclude(seat__auditorium_id=F("show__auditorium_id"))
        assert not stranded.exists(), f"round {round_no}: {outcomes}"
        # Either the move won (every hold after it was refused) or the holds kept the show where it was.
        if "moved" in outcomes:
            assert show.auditorium_id == new_hall.pk and not Ticket.objects.filter(show=show).exists()
        else:
            assert show.auditorium_id == old_hall.pk
