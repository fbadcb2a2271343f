"""Demo bookings for `seed_demo`: months of online and counter sales by three salesmen, some
changed or cancelled (refunds paid out), VIP house seats, and the door admitting most of the
audience of past shows, so every sales figure has something in it.

Past shows cannot be scheduled or sold today, so each step runs the real services at the moment
it would have happened (the clock is set back for the call, with freezegun). Nobody is told about
invented history: seed_demo mutes notices while it is written.
"""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from freezegun import freeze_time

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import ACTIVE_TICKET, Booking, Payment, Ticket
from bookings.payments import PayAtBoxOffice
from demo.users import DEMO_PASSWORD
from movies import services as catalog
from movies.exceptions import ScheduleError
from movies.models import Auditorium, Movie, SeatCategory, Show
from users.models import Role, User
from users.services import user_create

DEMO_CUSTOMERS = 40
PAST_SLOTS = [time(17, 0), time(20, 30)]
METHODS = [Payment.Method.CASH, Payment.Method.CARD]


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
    taken = set(show.tickets.filter(ACTIVE_TICKET).values_list("seat_id", flat=True))
    free = [pk for pk in show.auditorium.seats.values_list("pk", flat=True) if pk not in taken]
    return rng.sample(free, min(count, len(free)))


def _later(when, rng, hours: int):
    """A moment up to `hours` after `when`, never past the present."""
    return min(when + timedelta(hours=rng.randint(1, hours)), timezone.now())


def _sell(show: Show, when, rng, customers, salesmen) -> Booking | None:
    seats = _free_seats(show, rng.choice([1, 2, 2, 2, 3, 4]), rng)
    if not seats:
        return None
    salesman = rng.choice(salesmen)
    with at(when):
        if rng.random() < 0.55:
            customer = rng.choice(customers)
            booking = services.booking_hold(show=show, seat_ids=seats, customer=customer, by=customer)
            booking = services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=customer)
            if rng.random() < 0.85:
                services.payment_record(booking=booking, method=rng.choice(METHODS), by=salesman)
        else:
            customer = rng.choice(customers) if rng.random() < 0.5 else None
            booking = services.booking_sell(
                show=show, seat_ids=seats, customer=customer, by=salesman, method=rng.choice(METHODS)
            )
    chance = rng.random()
    if chance < 0.1:
        # At the counter the money goes back at once; online it is due until a salesman pays it out.
        at_counter = booking.channel == Booking.Channel.COUNTER
        cancelled_at = _later(when, rng, 20)
        with at(cancelled_at):
            services.booking_cancel(
                booking=booking, by=booking.created_by, reason="Plans changed", refund_now=at_counter
            )
        booking.refresh_from_db()
        if booking.payment_status == Booking.PaymentStatus.REFUND_DUE and rng.random() < 0.7:
            with at(_later(cancelled_at, rng, 30)):
                services.refund_record(booking=booking, by=salesman)
    elif chance < 0.16:
        # A change of seats: two seats more or fewer, re-priced; money handed back if it was paid.
        seats = _free_seats(show, rng.choice([1, 2, 3, 4]), rng)
        if seats:
            with at(_later(when, rng, 10)):
                services.booking_change(booking=booking, show=show, seat_ids=seats, by=salesman)
    return booking


def _house_seats(show: Show, rng, admin) -> None:
    """VIP guests: complimentary seats now and then, priced ones more rarely."""
    for complimentary, chance in ((True, 0.2), (False, 0.08)):
        seats = _free_seats(show, 2 if complimentary else 1, rng) if rng.random() < chance else []
        if seats:
            with at(show.starts_at - timedelta(days=rng.randint(1, 5))):
                services.house_seats_reserve(
                    show=show, seat_ids=seats, guest_name="Demo VIP guest", complimentary=complimentary, by=admin
                )


def _door(show: Show, rng, salesman) -> None:
    """Most of a past show's paid and complimentary tickets are used at the door; the rest no-show."""
    tickets = show.tickets.filter(status=Ticket.Status.CONFIRMED).exclude(
        booking__payment_status=Booking.PaymentStatus.UNPAID
    )
    with at(show.starts_at - timedelta(minutes=15)):
        for ticket in tickets:
            if rng.random() < 0.85:
                services.ticket_check_in(code=ticket.code, show=show, by=salesman)


def _demo_customer(salesman) -> int:
    """The demo customer's own bookings, so their dashboard has tickets and invoices to show: the
    latest past show they saw (paid at the box office) and the first show on sale."""
    customer = User.objects.get(email="customer@xcounter.test")
    made = 0
    rng = random.Random(11)
    past = Show.objects.filter(starts_at__lt=timezone.now(), status=Show.Status.SCHEDULED).order_by("-starts_at")
    for show, when in (
        (past.first(), None),
        (Show.objects.upcoming().order_by("starts_at").first(), timezone.now() - timedelta(minutes=30)),
    ):
        seats = _free_seats(show, 2, rng) if show else []
        if not seats:
            continue
        with at(when or show.starts_at - timedelta(days=2)):
            booking = services.booking_hold(show=show, seat_ids=seats, customer=customer, by=customer)
            booking = services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=customer)
            services.payment_record(booking=booking, method=Payment.Method.CARD, by=salesman)
        made += 1
    return made


def seed_bookings(*, days_back: int = 60) -> int:
    """Sell seats for past shows of the last `days_back` days and for the coming days; idempotent."""
    if Booking.objects.filter(customer__email__startswith="fan", customer__email__endswith="@xcounter.test").exists():
        return 0
    rng = random.Random(7)
    customers = _customers()
    salesmen = list(User.objects.filter(role=Role.SALESMAN, email__endswith="@xcounter.test").order_by("email"))
    admin = User.objects.get(email="admin@xcounter.test")
    movies = list(Movie.objects.filter(status=Movie.Status.NOW_SHOWING))
    auditoriums = list(Auditorium.objects.all())
    today = timezone.localdate()
    made = 0
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
                                prices={
                                    SeatCategory.STANDARD: rng.choice([9, 11, 12.5]),
                                    SeatCategory.VIP: 17,
                                    SeatCategory.ACCESSIBLE: 8,
                                },
                            )
                    except ScheduleError:
                        continue
                    _house_seats(show, rng, admin)
                    for _ in range(rng.randint(2, 7)):
                        when = starts_at - timedelta(hours=rng.randint(1, 200))
                        try:
                            made += bool(_sell(show, when, rng, customers, salesmen))
                        except BookingError:
                            continue
                    _door(show, rng, salesmen[0])
    made += _demo_customer(salesmen[0])
    for show in Show.objects.upcoming()[:60]:
        for _ in range(rng.randint(1, 6)):
            try:
                made += bool(
                    _sell(show, timezone.now() - timedelta(minutes=rng.randint(5, 600)), rng, customers, salesmen)
                )
            except BookingError:
                continue
    return made
