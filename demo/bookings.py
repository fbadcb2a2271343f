"""Demo bookings for `seed_demo`: months of online and counter sales, some cancelled.

Past shows cannot be scheduled or sold today, so each step runs the real services at the moment
it would have happened (the clock is set back for the call, with freezegun). Nobody is told about
invented history: notices are muted while it is written.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Booking
from bookings.payments import PayAtBoxOffice
from demo.users import DEMO_PASSWORD
from movies import services as catalog
from movies.exceptions import ScheduleError
from movies.models import Auditorium, Movie, Show
from notifications.services import muted
from users.models import User
from users.services import user_create

DEMO_CUSTOMERS = 40
PAST_SLOTS = [time(17, 0), time(20, 30)]


def at(moment):
    """Run the services as if it were `moment`."""
    return freeze_time(moment)


def _customers() -> list[User]:
    customers = []
    for n in range(1, DEMO_CUSTOMERS + 1):
        email = f"fan{n:02d}@xcounter.test"
        user = User.objects.filter(email=email).first() or user_create(
            email=email,
            password=DEMO_PASSWORD,
            full_name=f"Demo Fan {n:02d}",
            phone=f"+49 151 2000 {n:04d}",
            email_verified=True,
        )
        customers.append(user)
    return customers


def _free_seats(show: Show, count: int, rng: random.Random) -> list[int]:
    taken = set(show.tickets.filter(status__in=["held", "confirmed"]).values_list("seat_id", flat=True))
    free = [pk for pk in show.auditorium.seats.values_list("pk", flat=True) if pk not in taken]
    return rng.sample(free, min(count, len(free)))


def _sell(show: Show, when, rng, customers, salesman) -> Booking | None:
    seats = _free_seats(show, rng.choice([1, 2, 2, 2, 3, 4]), rng)
    if not seats:
        return None
    with at(when):
        if rng.random() < 0.55:
            customer = rng.choice(customers)
            booking = services.booking_hold(show=show, seat_ids=seats, customer=customer, by=customer)
            booking = services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=customer)
            if rng.random() < 0.85:
                services.payment_record(booking=booking, method=rng.choice(["cash", "card"]), by=salesman)
        else:
            customer = rng.choice(customers) if rng.random() < 0.5 else None
            booking = services.booking_sell(
                show=show, seat_ids=seats, customer=customer, by=salesman, method=rng.choice(["cash", "card"])
            )
    if rng.random() < 0.1:
        with at(when + timedelta(hours=rng.randint(1, 20))):
            services.booking_cancel(booking=booking, by=booking.created_by, reason="Plans changed")
    return booking


def seed_bookings(*, days_back: int = 60) -> int:
    """Sell seats for past shows of the last `days_back` days and for the coming days; idempotent."""
    if Booking.objects.filter(customer__email__startswith="fan", customer__email__endswith="@xcounter.test").exists():
        return 0
    rng = random.Random(7)
    customers = _customers()
    salesman = User.objects.get(email="salesman@xcounter.test")
    movies = list(Movie.objects.filter(status=Movie.Status.NOW_SHOWING))
    auditoriums = list(Auditorium.objects.all())
    today = timezone.localdate()
    made = 0
    with muted():
        for offset in range(days_back, 0, -1):
            day = today - timedelta(days=offset)
            for auditorium in auditoriums:
                for slot in PAST_SLOTS:
                    starts_at = timezone.make_aware(datetime.combine(day, slot))
                    with transaction.atomic():
                        try:
                            with at(starts_at - timedelta(days=10)):
                                show = catalog.show_schedule(
                                    movie=rng.choice(movies),
                                    auditorium=auditorium,
                                    starts_at=starts_at,
                                    prices={"standard": rng.choice([9, 11, 12.5]), "vip": 17, "accessible": 8},
                                )
                        except ScheduleError:
                            continue
                        for _ in range(rng.randint(2, 7)):
                            when = starts_at - timedelta(hours=rng.randint(1, 200))
                            try:
                                made += bool(_sell(show, when, rng, customers, salesman))
                            except BookingError:
                                continue
        for show in Show.objects.filter(status=Show.Status.SCHEDULED, starts_at__gt=timezone.now())[:60]:
            for _ in range(rng.randint(1, 6)):
                try:
                    made += bool(
                        _sell(show, timezone.now() - timedelta(minutes=rng.randint(5, 600)), rng, customers, salesman)
                    )
                except BookingError:
                    continue
    return made
