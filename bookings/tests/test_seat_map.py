"""The seat map is cheap and never stale: its layout is cached per layout version, the live seat
states are read at every request, and the hold and confirm cost the same however many seats."""

import re
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from bookings import services
from bookings.tests.factories import confirmed, held, seats_of, sold_at_counter
from bookings.tests.test_query_budget import CONFIRM_BUDGET
from movies import services as movies
from movies.tests.factories import auditorium
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

# The seat-map page for a signed-in customer: session, user, the show, its live tickets; the layout
# comes from the cache (one more query, the seats, when it is cold). Was 5: the notification bell's
# unread count now comes from the cache too (notifications/unread.py).
SEAT_MAP_BUDGET = 4
# The hold POST: session, user, the show (on sale?, with its movie and auditorium), its lock, the
# seats, the tickets on them and the customer's previous hold (one read finds expired holds,
# replaced holds and taken seats: was three, 16 in all, then two; and the lock no longer reads the
# movie and auditorium again: 15), the tier, a fresh reference, booking, tickets, trail.
HOLD_BUDGET = 13

GRAND = "\n".join(["AA" + "S" * 14 + "AA"] + ["SSSS.SSSSSSSSSS.SSSS"] * 11 + ["VVVV.VVVVVVVVVV.VVVV"] * 2)


def page_of(client, show) -> str:
    response = client.get(reverse("bookings:seat_map", args=[show.pk]))
    assert response.status_code == 200
    return response.content.decode()


def seat_input(page: str, seat_id: int) -> str:
    return re.search(rf'<input type="checkbox" name="seat" value="{seat_id}"[^>]*>', page).group(0)


def is_free(page: str, seat_id: int) -> bool:
    return " disabled" not in seat_input(page, seat_id)


@pytest.mark.django_db
def test_the_seat_map_costs_the_same_queries_for_12_or_252_seats(client, sign_in, django_assert_num_queries):
    sign_in(UserFactory())
    small, grand = make_show(), make_show(auditorium_=auditorium(name="Grand", layout=GRAND))
    assert grand.auditorium.seats.count() == 252
    for show in (small, grand):
        held(show, "B2")
        page_of(client, show)  # the layout is read once, then cached
        with django_assert_num_queries(SEAT_MAP_BUDGET):
            page = page_of(client, show)
        assert page.count('<input type="checkbox" name="seat" value=') == show.auditorium.seats.count()
        assert not is_free(page, seats_of(show, "B2")[0]) and is_free(page, seats_of(show, "B3")[0])


@pytest.mark.django_db
def test_the_seat_map_is_light_per_seat(client, sign_in):
    """A seat is its checkbox, its accessible name and its number: no more than 175 bytes drawn
    (was 235, with a class, data-row and data-col on every input and a state class on every free seat)."""
    sign_in(UserFactory())
    show = make_show(auditorium_=auditorium(name="Grand", layout=GRAND))
    held(show, "B2")
    page = page_of(client, show)
    seats = page[page.index("data-seat-map") : page.index("data-swipe-hint")]
    assert len(seats.encode()) < 175 * 252


@pytest.mark.django_db
def test_the_seat_map_markup_is_what_the_script_and_screen_readers_use(client, sign_in):
    customer = sign_in(UserFactory())
    show = make_show()
    held(show, "A1")
    held(show, "A2", customer=customer)
    sold_at_counter(show, "C5")
    page = page_of(client, show)
    a1, a2, a3, c5, c8 = (seats_of(show, label)[0] for label in ("A1", "A2", "A3", "C5", "C8"))
    # A free standard seat is a plain `label.seat`; its place in the grid is counted by the script.
    assert (
        f'<label class="seat"><input type="checkbox" name="seat" value="{a3}" '
        f'aria-label="Row A seat 3, Standard, €12.50">'
        '<span aria-hidden="true">3</span></label>'
    ) in page
    assert f'<label class="seat state-held"><input type="checkbox" name="seat" value="{a1}" ' in page
    assert 'aria-label="Row A seat 1, Standard, €12.50, held" disabled>' in seat_input(page, a1)
    assert 'aria-label="Row A seat 2, Standard, €12.50, yours" disabled>' in seat_input(page, a2)
    assert 'aria-label="Row C seat 5, VIP, €18.00, sold" disabled>' in seat_input(page, c5)
    assert (
        f'<label class="seat seat-accessible"><input type="checkbox" name="seat" value="{c8}" '
        'aria-label="Row C seat 8, Accessible (wheelchair), €9.50">'
        '<span aria-hidden="true"><i class="bi bi-person-wheelchair"></i></span></label>'
    ) in page
    assert page.count('<span class="seat-gap" aria-hidden="true"></span>') == 3


@pytest.mark.django_db
def test_every_sale_hold_change_cancel_and_expiry_shows_at_once(client, sign_in):
    """Only the layout is cached: whatever happens to a seat is on the very next map."""
    sign_in(UserFactory(email="viewer@example.com"))
    show = make_show()
    a1, a2, b1 = seats_of(show, "A1"), seats_of(show, "A2"), seats_of(show, "B1")
    assert is_free(page_of(client, show), a1[0])  # the map, and its layout cache, are warm

    sale = sold_at_counter(show, "A1")
    assert not is_free(page_of(client, show), a1[0])

    hold = held(show, "A2")
    assert not is_free(page_of(client, show), a2[0])
    with freeze_time(hold.hold_expires_at + timedelta(seconds=1)):
        assert is_free(page_of(client, show), a2[0])  # an expired hold blocks nothing, cleared or not

    salesman = UserFactory(role=Role.SALESMAN)
    services.booking_change(booking=sale, show=show, seat_ids=b1, by=salesman)
    page = page_of(client, show)
    assert is_free(page, a1[0]) and not is_free(page, b1[0])

    services.booking_cancel(booking=sale, by=salesman, reason="Changed plans")
    assert is_free(page_of(client, show), b1[0])


@pytest.mark.django_db
def test_a_new_layout_is_drawn_at_once(client, sign_in):
    sign_in(UserFactory())
    show = make_show()
    assert '<label class="seat seat-vip">' in page_of(client, show)
    movies.auditorium_layout_save(auditorium=show.auditorium, layout="SSSS.SSSS\nSSSS.SSSS\nSSSS.SSAA")
    page = page_of(client, show)
    assert '<label class="seat seat-vip' not in page
    assert page.count('<input type="checkbox" name="seat" value=') == 24


@pytest.mark.django_db
@pytest.mark.parametrize("seats", [1, 8])
def test_the_hold_costs_the_same_for_1_or_8_seats(client, sign_in, seats, django_assert_max_num_queries):
    customer = sign_in(UserFactory())
    show = make_show()
    picked = seats_of(show, *(f"A{n}" for n in range(1, seats + 1)))
    with django_assert_max_num_queries(HOLD_BUDGET):
        response = client.post(reverse("bookings:hold", args=[show.pk]), {"seat": picked})
    assert response.status_code == 302 and customer.bookings.get().tickets.count() == seats


@pytest.mark.django_db
def test_the_confirmation_costs_the_same_for_1_or_8_seats(client, sign_in):
    confirmed(make_show(auditorium_=auditorium(name="First")), "A1")  # the year's invoice counter exists
    counts = []
    for seats in (1, 8):
        customer = sign_in(UserFactory())
        show = make_show(auditorium_=auditorium(name=f"Hall of {seats}"))
        booking = held(show, *(f"A{n}" for n in range(1, seats + 1)), customer=customer)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("bookings:checkout", args=[booking.reference]), {"provider": "box_office"})
        assert response["Location"] == reverse("bookings:detail", args=[booking.reference])
        counts.append(len(queries))
    assert counts[0] == counts[1] <= CONFIRM_BUDGET


@pytest.mark.django_db
def test_the_customer_page_for_a_sold_out_show_still_sends_them_away(client, sign_in):
    sign_in(UserFactory())
    show = make_show(auditorium_=auditorium(name="Tiny", layout="SS"))
    confirmed(show, "A1", "A2")
    response = client.get(reverse("bookings:seat_map", args=[show.pk]))
    assert response["Location"] == show.movie.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_holds_racing_seat_map_reads_never_show_a_taken_seat_as_free():
    """Customers hold seats while others keep reading the map: a map read that starts after a hold
    has committed never shows that seat free (PostgreSQL: run with DATABASE_URL=postgres://…)."""
    show = make_show(auditorium_=auditorium(name="Grand", layout=GRAND))
    labels = [f"B{n}" for n in range(1, 15)]
    seat_ids = {label: seats_of(show, label)[0] for label in labels}
    customers = [UserFactory() for _ in labels]
    committed: dict[int, float] = {}  # seat id -> when its hold was committed (monotonic clock)
    reads: list[tuple[float, str]] = []  # (when the read started, the page)
    errors: list[str] = []
    done = threading.Event()
    barrier = threading.Barrier(len(labels) + 3)

    def holder(index):
        try:
            barrier.wait()
            services.booking_hold(
                show=show, seat_ids=[seat_ids[labels[index]]], customer=customers[index], by=customers[index]
            )
            committed[seat_ids[labels[index]]] = time.monotonic()
        except Exception as error:  # every hold is of its own seat: none may fail
            errors.append(repr(error))
        finally:
            connection.close()

    def reader():
        client = Client()
        try:
            barrier.wait()
            while not done.is_set():
                started = time.monotonic()
                response = client.get(reverse("bookings:seat_map", args=[show.pk]))
                reads.append((started, response.content.decode()))
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=holder, args=(i,)) for i in range(len(labels))]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads[: len(labels)]:
        thread.join()
    time.sleep(0.2)  # a few more reads after the last hold
    done.set()
    for thread in threads[len(labels) :]:
        thread.join()

    assert errors == []
    assert len(committed) == len(labels)
    checked = 0
    for started, page in reads:
        for seat_id, at in committed.items():
            if started > at:
                assert not is_free(page, seat_id), "a seat held before this read began was shown free"
                checked += 1
    assert checked > 0
    assert not any(is_free(reads[-1][1], seat_id) for seat_id in seat_ids.values())


def test_the_layout_key_changes_only_with_the_layout(db):
    hall = auditorium()
    version = hall.layout_version
    movies.auditorium_layout_save(auditorium=hall, layout="SSSS.SSSS\nSSSS.SSSS\nVVVV.VVAA")  # the same
    hall.refresh_from_db()
    assert hall.layout_version == version
    movies.auditorium_layout_save(auditorium=hall, layout="SSSS.SSSS\nSSSS.SSSS\nVVVV.VVVV")
    hall.refresh_from_db()
    assert hall.layout_version != version
