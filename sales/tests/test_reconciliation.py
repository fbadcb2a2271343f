"""The kept figures equal a straight sum over the ticket lines and payments after random sales,
changes, cancellations, refunds and check-ins over many days (midnights and a week boundary
included), and after sales and cancellations racing on one show. Transactional, so the figures
are written by committed booking transactions as in production; CI runs it on PostgreSQL."""

import random
import threading
from contextlib import suppress
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import ACTIVE_TICKET, Booking, Ticket
from bookings.payments import PayAtBoxOffice
from coupons.services import CouponError
from coupons.tests.factories import CouponFactory
from movies.tests.factories import MovieFactory, auditorium
from movies.tests.factories import show as make_show
from promotions.models import CustomerTier, Tier
from sales import services as figures
from sales.models import DailySales, DailyTakings
from sales.tests.reconcile import assert_reconciled
from sales.tests.story import at
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Theater:
    def __init__(self, rng):
        self.rng = rng
        with freeze_time(at(2026, 10, 31, 12, 0)):
            self.customers = [UserFactory() for _ in range(6)]
            self.salesmen = [UserFactory(role=Role.SALESMAN) for _ in range(2)]
            self.admin = UserFactory(role=Role.ADMIN)
            member = Tier.objects.create(name="Member", min_tickets=1, percent_off=D("7.5"))
            for customer in self.customers[:3]:
                CustomerTier.objects.create(customer=customer, tier=member, computed_at=timezone.now())
            self.coupons = [
                CouponFactory(code=code, percent_off=percent, per_customer_limit=100, min_tickets=2)
                for code, percent in (("SAVE15", 15), ("HALF", 50), ("FREE", 100))
            ]
            halls = [auditorium(f"Hall {n}") for n in (1, 2)]
            movies = [MovieFactory() for _ in range(3)]
            self.shows = [
                make_show(movie=movies[n % 3], auditorium_=halls[n % 2], starts_at=at(2026, 12, 1 + n, 20, 0))
                for n in range(4)
            ]

    def free_seats(self, show, most=3):
        taken = set(Ticket.objects.filter(ACTIVE_TICKET, show=show).values_list("seat_id", flat=True))
        free = [pk for pk in show.auditorium.seats.values_list("pk", flat=True) if pk not in taken]
        return self.rng.sample(free, min(len(free), self.rng.randint(1, most)))

    def booking(self, *statuses, **filters):
        found = list(Booking.objects.filter(status__in=statuses, **filters).order_by("pk"))
        return self.rng.choice(found) if found else None

    def step(self):
        rng, show = self.rng, self.rng.choice(self.shows)
        salesman = rng.choice(self.salesmen)
        action = rng.choices(
            ["online", "counter", "house", "pay", "change", "cancel", "refund"], [5, 5, 1, 2, 3, 2, 1]
        )[0]
        if action == "online":
            customer = rng.choice(self.customers)
            held = services.booking_hold(show=show, seat_ids=self.free_seats(show), customer=customer, by=customer)
            code = rng.choice(["", "", self.rng.choice(self.coupons).code])
            services.booking_confirm(booking=held, provider=PayAtBoxOffice(), by=customer, coupon_code=code)
        elif action == "counter":
            customer = rng.choice([None, *self.customers])
            services.booking_sell(
                show=show,
                seat_ids=self.free_seats(show, 4),
                customer=customer,
                by=salesman,
                method=rng.choice(["cash", "card", None]),
                coupon_code=rng.choice(["", "", "", self.rng.choice(self.coupons).code]),
            )
        elif action == "house":
            services.house_seats_reserve(
                show=show,
                seat_ids=self.free_seats(show),
                guest_name="Guest",
                complimentary=rng.random() < 0.5,
                by=self.admin,
            )
        elif action == "pay" and (booking := self.booking(Booking.Status.CONFIRMED, payment_status="unpaid")):
            services.payment_record(booking=booking, method=rng.choice(["cash", "card"]), by=salesman)
        elif action == "change" and (booking := self.booking(Booking.Status.CONFIRMED)):
            target = rng.choice(self.shows)
            services.booking_change(booking=booking, show=target, seat_ids=self.free_seats(target, 4), by=salesman)
        elif action == "cancel" and (booking := self.booking(Booking.Status.CONFIRMED)):
            services.booking_cancel(booking=booking, by=salesman, reason="Random", refund_now=rng.random() < 0.5)
        elif action == "refund" and (booking := self.booking(Booking.Status.CANCELLED, payment_status="refund_due")):
            services.refund_record(booking=booking, by=salesman)


def test_the_figures_equal_a_straight_sum_over_the_ticket_lines_after_random_bookings():
    rng = random.Random(20261112)
    theater = Theater(rng)
    moment = at(2026, 11, 1, 9, 0)
    for n in range(160):
        # Mostly minutes to hours apart; now and then right at a midnight (Thursday's is a week's start).
        if n % 15 == 14:
            midnight = timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)
            moment = midnight + timedelta(days=1) - timedelta(seconds=rng.choice([1, 0]) or 0)
        else:
            moment += timedelta(minutes=rng.randint(5, 300))
        # Refusals (seats just taken, a coupon's minimum, nothing due) write nothing.
        with freeze_time(moment), suppress(BookingError, CouponError):
            theater.step()
    for show in theater.shows:  # the door: some valid, paid tickets are used
        with freeze_time(show.starts_at - timedelta(minutes=30)):
            for ticket in Ticket.objects.filter(show=show, status=Ticket.Status.CONFIRMED):
                if rng.random() < 0.6:
                    services.ticket_check_in(code=ticket.code, show=show, by=theater.salesmen[0])

    days = DailySales.objects.values_list("day", flat=True).distinct()
    assert len(days) >= 8 and Booking.objects.filter(status=Booking.Status.CANCELLED).count() >= 5
    assert Ticket.objects.filter(status=Ticket.Status.REPLACED).exists()
    assert_reconciled()
    assert figures.rebuild(*figures.extent()) == []


def test_racing_payments_and_sales_of_several_shows_lose_no_figure():
    """One salesman's cash goes to the same takings rows whatever the show, and payments do not
    lock a show: seven payments of online bookings and four counter sales of four shows, all at
    once, must all land (a read-then-write would lose some, or fail creating a row twice)."""
    theater = Theater(random.Random(7))
    salesman = theater.salesmen[0]
    customers = theater.customers
    with freeze_time(at(2026, 11, 20, 10, 0)):
        unpaid = [
            services.booking_confirm(
                booking=services.booking_hold(
                    show=theater.shows[n % 4],
                    seat_ids=theater.free_seats(theater.shows[n % 4], 1),
                    customer=customers[n % 6],
                    by=customers[n % 6],
                ),
                provider=PayAtBoxOffice(),
                by=customers[n % 6],
            )
            for n in range(8)
        ]
    # The first payment makes today's row, so the racers below add to a row that exists (a
    # read-then-write would lose amounts) and create one that does not (the counter sales' row).
    services.payment_record(booking=unpaid[0], method="cash", by=salesman)
    barrier = threading.Barrier(11)
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    actions = [
        lambda booking=booking: services.payment_record(booking=booking, method="cash", by=salesman)
        for booking in unpaid[1:]
    ]
    actions += [
        lambda show=show: services.booking_sell(
            show=show, seat_ids=theater.free_seats(show, 1), customer=None, by=salesman, method="cash"
        )
        for show in theater.shows
    ]
    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    today = DailyTakings.objects.filter(day=timezone.localdate(), method="cash", taken_by=salesman.pk)
    assert sum(row.payments for row in today) == 12
    assert sum(row.taken for row in today) == sum(b.total for b in unpaid) + sum(
        Booking.objects.filter(channel="counter").values_list("total", flat=True)
    )
    assert_reconciled()
