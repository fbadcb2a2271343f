"""Every reader of the figures costs the same queries for a theater with one movie, salesman and
a handful of tickets as for one with many: they sum pre-aggregated rows, never tickets."""

from datetime import date

import pytest
from freezegun import freeze_time

from bookings import services
from bookings.tests.factories import confirmed, seats_of
from movies.tests.factories import GenreFactory, MovieFactory, auditorium
from movies.tests.factories import show as make_show
from sales import selectors
from sales.tests.story import at
from users.models import Role
from users.tests.factories import UserFactory
from xcounter.days import Period, cinema_week

pytestmark = pytest.mark.django_db

MONTH = Period(date(2026, 11, 1), date(2026, 11, 30), "month")
READERS = {
    "figures": (lambda: selectors.figures(MONTH), 4),  # sales, audience, shows, seats
    "figures of sellers": (lambda: selectors.figures(MONTH, sellers=[1, 2]), 1),
    "series": (lambda: selectors.series(MONTH), 1),
    "by movie": (lambda: selectors.by_movie(MONTH), 1),
    "by genre": (lambda: selectors.by_genre(MONTH), 2),  # per movie, then the movies' genres
    "by category": (lambda: selectors.by_category(MONTH), 1),
    "by ticket type": (lambda: selectors.by_ticket_type(MONTH), 1),
    "by channel": (lambda: selectors.by_channel(MONTH), 1),
    "by seller": (lambda: selectors.by_seller(MONTH), 2),  # and the sellers' names
    "film week grid": (lambda: selectors.film_week_grid(cinema_week(date(2026, 11, 20))), 1),
    "occupancy by auditorium": (lambda: selectors.occupancy(MONTH), 3),
    "occupancy by hour": (lambda: selectors.occupancy(MONTH, by="hour"), 3),
    "takings": (lambda: selectors.takings(MONTH), 1),
}


def theater(size: int) -> None:
    """`size` movies (two genres each) in `size` halls, each with a salesman selling at the counter
    and a customer online, on `size` days."""
    with freeze_time(at(2026, 11, 1, 12, 0)):
        shows = []
        for n in range(size):
            movie = MovieFactory(genres=[GenreFactory(name=f"Genre {n}"), GenreFactory(name=f"Other {n}")])
            shows.append(
                make_show(movie=movie, auditorium_=auditorium(f"Hall {n}"), starts_at=at(2026, 11, 25, 14 + n, 0))
            )
        salesmen = [UserFactory(role=Role.SALESMAN) for _ in range(size)]
    for n, (show, salesman) in enumerate(zip(shows, salesmen, strict=True)):
        with freeze_time(at(2026, 11, 10 + n, 12, 0)):
            services.booking_sell(
                show=show, seat_ids=seats_of(show, "A1", "A2", "C1"), customer=None, by=salesman, method="card"
            )
            confirmed(show, "B1", "B2")


@pytest.mark.parametrize("size", [1, 6], ids=["small theater", "bigger theater"])
@pytest.mark.parametrize("reader", READERS)
def test_each_reader_costs_a_fixed_number_of_queries(size, reader, django_assert_num_queries):
    theater(size)
    read, queries = READERS[reader]
    with django_assert_num_queries(queries):
        result = read()
    rows = {  # the readers whose answer grows with the theater
        "by movie": size,
        "by genre": 2 * size,
        "by seller": size + 1,  # and the online sales
        "film week grid": size,
        "occupancy by auditorium": size,
    }
    if reader in rows:
        assert len(result) == rows[reader]
    assert selectors.figures(MONTH).sales.tickets == 5 * size
