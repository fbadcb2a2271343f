"""Bookings made through the real services, as a customer or salesman would."""

from bookings import services
from bookings.payments import PayAtBoxOffice
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory


def seats_of(show, *labels):
    """Seat ids by label: seats_of(show, "A1", "A2")."""
    wanted = {(label[0], int(label[1:])) for label in labels}
    return [seat.pk for seat in show.auditorium.seats.all() if (seat.row, seat.number) in wanted]


def held(show=None, *labels, customer=None):
    show = show or make_show()
    customer = customer or UserFactory()
    return services.booking_hold(
        show=show, seat_ids=seats_of(show, *(labels or ["A1"])), customer=customer, by=customer
    )


def confirmed(show=None, *labels, customer=None):
    booking = held(show, *labels, customer=customer)
    return services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer)


def sold_at_counter(show=None, *labels, customer=None, salesman=None, method="cash"):
    show = show or make_show()
    salesman = salesman or UserFactory(role=Role.SALESMAN)
    return services.booking_sell(
        show=show, seat_ids=seats_of(show, *(labels or ["A1"])), customer=customer, by=salesman, method=method
    )


def fill(show, *, leave=0, salesman=None):
    """Sell every seat of the show but the last `leave` (at the counter, ten to a booking)."""
    salesman = salesman or UserFactory(role=Role.SALESMAN)
    seats = list(show.auditorium.seats.order_by("grid_row", "grid_column").values_list("pk", flat=True))
    seats = seats[: len(seats) - leave]
    for start in range(0, len(seats), 10):
        services.booking_sell(show=show, seat_ids=seats[start : start + 10], customer=None, by=salesman, method="cash")
