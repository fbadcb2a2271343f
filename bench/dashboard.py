"""Benchmark: the Admin dashboard on a year of sales (at least 1,000,000 tickets over 400 days).

1. Fills a PostgreSQL database of its own with a theater's 400 days (the last days before today,
   today and the week ahead): auditoriums and seats, movies with genres, five shows a day per
   auditorium, online, box-office and house-seat bookings (complimentary or priced) with their
   tickets, loyalty-tier and coupon discounts shared over the tickets the way `bookings.pricing`
   does (`revenue`, `sold_at` set as the booking services set them), payments online and at the
   counter, cancellations with refunds due, refunded at once or paid out later, and door
   check-ins. Rows go in with COPY, a month of shows at a time (a few minutes for a million
   tickets). A database that already holds the data is reused; `--rebuild` makes it afresh.
2. Fills the pre-aggregated figures with the real `manage.py rebuild_sales_figures`, then runs
   it again: the second run must report no difference.
3. Starts gunicorn with the production configuration (deploy/gunicorn.conf.py, DEBUG off, 4
   workers, the cache on Redis) and asks for the Admin dashboard as a signed-in Admin (a session
   made server-side that has passed the emailed sign-in code, as bench/offer_blast.py does) for
   this cinema week, month and year: cold (Redis flushed before each request) and warm. Server
   time is gunicorn's own request time from its access log (matched by X-Request-ID); the time
   the client measured on loopback is printed beside it.
4. Sells seats at the counter through the real booking service (`bookings.services.booking_sell`)
   and asks for today's dashboard until it shows the new gross revenue (`sales.selectors`'s figure
   for today, written as the `money` filter writes it): how long that took is printed.
5. Asks for the year page once a second while a salesman sells two seats every 3 seconds (each
   sale changes the figures' version the page is cached under): the page as an Admin meets it on
   a busy evening.

Prints one line, e.g.

    tickets=1031583 bookings=444762 days=400 generate_s=0 rebuild_s=127 rebuild_fixed=0
    rebuild_again_fixed=0 week_cold_p95_ms=330 week_cold_client_p95_ms=334 week_warm_p95_ms=80 …
    year_during_sales_p95_ms=988 live=shown live_s=0.20 load_1m=8.8-9.0 totals_reconcile=yes
    http_non_200=0 db_size_mb=616 targets=missed ok=yes

and exits non-zero when a correctness check fails (a second rebuild that fixes something, a
dashboard answer that is not 200, the new sale missing from today's figures after 60 s, fewer
tickets than asked, totals that do not reconcile with the bookings and payments). The
speed targets (cold p95 ≤ 500 ms, warm p95 ≤ 50 ms) are reported (`targets=met|missed`), not a
failure: this is a benchmark, measured beside whatever else the machine runs.

Run: .venv/bin/python bench/dashboard.py [--rebuild] [--tickets N] [--no-rebuild]   (or `make bench`)
     .venv/bin/python bench/dashboard.py --profile [--explain]   (each reader, uncached, in-process)
Environment: BENCH_DASH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/xc_bench_dash),
BENCH_REDIS_URL (redis://127.0.0.1:6379/15), BENCH_PORT (a free one), BENCH_COLD (15 requests a
period), BENCH_WARM (40), BENCH_DURING (20), BENCH_SALES_EVERY (3), BENCH_PERIOD_PARAM and
BENCH_PERIODS (how the period picker is asked: period=this_week and so on; today is
period=custom&start=…&end=…).
"""

import argparse
import io
import math
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from http.client import HTTPConnection
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.append(str(Path(__file__).resolve().parent))  # last: bench/dashboard.py must not hide the dashboard app
from booking_race import wait_until_up  # noqa: E402  (one copy of the bench plumbing)

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DASH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xc_bench_dash")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
COLD = int(os.environ.get("BENCH_COLD", 15))
WARM = int(os.environ.get("BENCH_WARM", 40))
LIVE_WAIT = 60.0  # seconds a new sale may take to show (the issue allows "at once, or within 60 s")
COLD_TARGET_MS, WARM_TARGET_MS = 500, 50
DASHBOARD = "/dashboard/admin/"
# The period picker's query: ?period=this_week and so on (xcounter.days.PRESETS names).
PERIOD_PARAM = os.environ.get("BENCH_PERIOD_PARAM", "period")
PERIODS = os.environ.get("BENCH_PERIODS", "week=this_week,month=this_month,year=this_year")

MARKER = "dashbench-"  # slug prefix of the generated movies: the data is there
TZ = ZoneInfo(os.environ.get("TIME_ZONE", "Europe/Berlin"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT", 0)) or free_port()
HOST = f"127.0.0.1:{PORT}"

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "xcounter.settings.base",
    "DEBUG": "False",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(60)),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    "REDIS_URL": REDIS_URL,
    "EMAIL_URL": "memorymail://",
    "LOG_LEVEL": "WARNING",
    "GUNICORN_BIND": HOST,
    "GUNICORN_WORKERS": "4",
}


# --- The database ----------------------------------------------------------------------------------


def _admin_connection():
    import psycopg2

    parts = urllib.parse.urlparse(DATABASE_URL)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def database_create(fresh: bool) -> None:
    """Create the bench database (dropped first when `fresh`)."""
    connection, name = _admin_connection()
    with connection.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(*args, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True, capture_output=capture, text=True
    )


def django_setup():
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- The generator -----------------------------------------------------------------------------------

CENT = Decimal("0.01")
HALLS = [  # name, rows, seats a row: 1,300 seats
    ("Hall 1", 15, 20),
    ("Hall 2", 11, 20),
    ("Hall 3", 12, 15),
    ("Hall 4", 10, 16),
    ("Hall 5", 10, 14),
    ("Hall 6", 10, 12),
    ("Hall 7", 10, 10),
    ("Hall 8", 8, 10),
]
SLOTS = [(10, 30), (13, 30), (16, 30), (19, 30), (22, 30)]  # three hours apart: no overlap
SLOT_DEMAND = [0.35, 0.55, 0.8, 1.45, 0.95]
WEEKDAY_DEMAND = [0.7, 0.75, 0.8, 1.0, 1.25, 1.45, 1.15]  # Monday first
GENRES = ["Action", "Animation", "Comedy", "Documentary", "Drama", "Family", "Horror", "Romance", "Sci-Fi", "Thriller"]
CUSTOMERS = 30000
SALESMEN = 12
DAYS = 400
FUTURE_DAYS = 6  # of the 400: the week ahead is on sale too
TIERS = [(Decimal(5), "Silver member discount (5%)"), (Decimal(10), "Gold member discount (10%)")]
COUPON = (Decimal(20), "Coupon BENCH20 (20%)")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def layout(rows: int, per_row: int) -> str:
    """Standard seats, two VIP rows two thirds back, four wheelchair places in the front row."""
    lines = []
    for row in range(rows):
        if row == 0:
            line = "AA" + "S" * (per_row - 4) + "AA"
        elif row in (rows * 2 // 3, rows * 2 // 3 + 1):
            line = "V" * per_row
        else:
            line = "S" * per_row
        lines.append(line)
    return "\n".join(lines)


class Copier:
    """Rows buffered per table, written with COPY (tab-separated, \\N for NULL)."""

    def __init__(self, connection):
        self.connection = connection
        self.buffers: dict = {}

    def add(self, model, row: tuple) -> None:
        self.buffers.setdefault(model, []).append(row)

    @staticmethod
    def _text(value) -> str:
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, datetime):
            return value.isoformat()
        return str(value)

    def flush(self, order) -> None:
        with self.connection.cursor() as cursor:
            for model, columns in order:
                rows = self.buffers.pop(model, [])
                if not rows:
                    continue
                text = io.StringIO("".join("\t".join(map(self._text, row)) + "\n" for row in rows))
                names = ", ".join(f'"{column}"' for column in columns)
                cursor.copy_expert(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN', text)
        self.connection.commit()


def generate(tickets_wanted: int, seed: int = 12) -> dict:
    """Fill the database; returns counts. Everything a sale writes that the figures read is set as
    the booking services set it (see the module docstring)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from bookings.models import Booking, BookingDiscount, InvoiceCounter, Payment, Ticket
    from employees.models import Employee
    from movies import services as catalog
    from movies.models import Genre, Movie, Show
    from users.models import Role, User
    from xcounter.money import allocate

    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.astimezone(TZ).date()
    first_day = today - timedelta(days=DAYS - FUTURE_DAYS - 1)
    last_day = today + timedelta(days=FUTURE_DAYS)

    # People, halls, genres, movies: through the ORM (a few thousand rows).
    unusable = make_password(None)
    admin = User.objects.create(email="dash-admin@xcounter.test", role=Role.ADMIN, full_name="Bench Admin")
    moderators = [
        User.objects.create(email=f"dash-moderator{n}@xcounter.test", role=Role.MODERATOR, full_name=f"Moderator {n}")
        for n in range(2)
    ]
    salesmen = [
        User.objects.create(email=f"dash-salesman{n}@xcounter.test", role=Role.SALESMAN, full_name=f"Salesman {n:02d}")
        for n in range(SALESMEN)
    ]
    for n, person in enumerate(moderators + salesmen):
        Employee.objects.create(
            user=person,
            started_on=first_day - timedelta(days=30 * n),
            status=Employee.Status.TERMINATED if n == len(salesmen) + 1 else Employee.Status.ACTIVE,
            supervisor=None if person.role == Role.MODERATOR else moderators[n % 2],
        )
    User.objects.bulk_create(
        [
            User(email=f"dash-customer{n}@xcounter.test", role=Role.CUSTOMER, password=unusable)
            for n in range(CUSTOMERS)
        ],
        batch_size=5000,
    )
    customers = list(User.objects.filter(role=Role.CUSTOMER).values_list("pk", flat=True))
    tier_of = {pk: (TIERS[0] if pk % 7 == 0 else TIERS[1] if pk % 19 == 0 else None) for pk in customers}
    halls = []
    for name, rows, per_row in HALLS:
        hall = catalog.auditorium_create(name=f"Bench {name}", layout=layout(rows, per_row))
        halls.append((hall.pk, [(seat.pk, seat.category) for seat in hall.seats.order_by("pk")]))
    genres = [Genre.objects.create(name=name, slug=name.lower().replace("-", "")) for name in GENRES]
    movies = []  # (pk, release day, popularity)
    release = first_day - timedelta(days=40)
    n = 0
    while release <= last_day:
        status = Movie.Status.ARCHIVED if release < today - timedelta(days=70) else Movie.Status.NOW_SHOWING
        if release > today:
            status = Movie.Status.COMING_SOON
        movie = Movie.objects.create(
            title=f"Bench Feature {n:03d}",
            slug=f"{MARKER}{n:03d}",
            duration_minutes=rng.randint(85, 150),
            release_date=release,
            status=status,
        )
        movie.genres.set(rng.sample(genres, rng.choice([1, 1, 2, 3])))
        movies.append((movie.pk, release, rng.lognormvariate(0, 0.8), movie.duration_minutes))
        release += timedelta(days=rng.choice([2, 3, 4]))
        n += 1

    # Demand of each show, scaled so the tickets add up to what was asked.
    def showing(day):
        playing = [m for m in movies if m[1] <= day < m[1] + timedelta(days=63)]
        return [(m, m[2] * 0.8 ** ((day - m[1]).days // 7)) for m in playing]

    plan = []  # (day, hall index, slot index, movie, demand)
    for offset in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        season = 1 + 0.25 * math.sin(offset / 58)
        playing = showing(day)
        weights = [weight for _, weight in playing]
        for h in range(len(halls)):
            for s in range(len(SLOTS)):
                movie, weight = rng.choices(playing, weights)[0]
                demand = SLOT_DEMAND[s] * WEEKDAY_DEMAND[day.weekday()] * season * min(weight, 3) ** 0.5
                plan.append((day, h, s, movie, demand))
    seats_total = sum(len(halls[h][1]) for _, h, *_ in plan)
    raw = sum(len(halls[h][1]) * d for _, h, _, _, d in plan)
    scale = tickets_wanted * 1.1 / raw  # a margin for the week ahead, sold only in part so far
    print(f"dashboard bench: generating ~{tickets_wanted:,} tickets over {DAYS} days ({len(plan):,} shows)", flush=True)

    ids = {"show": 0, "booking": 0, "ticket": 0, "payment": 0, "discount": 0}
    with connection.cursor() as cursor:
        for key, model in (("show", Show), ("booking", Booking), ("ticket", Ticket), ("payment", Payment)):
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
            ids[key] = cursor.fetchone()[0]
    invoices: dict[int, int] = {}
    counts = {"tickets": 0, "bookings": 0, "cancelled": 0, "comps": 0, "payments": 0}

    raw_connection = connection.connection
    with raw_connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # rows are right by construction: no FK triggers
    copier = Copier(raw_connection)
    order = [
        (Show, SHOW_COLUMNS),
        (Booking, BOOKING_COLUMNS),
        (BookingDiscount, DISCOUNT_COLUMNS),
        (Ticket, TICKET_COLUMNS),
        (Payment, PAYMENT_COLUMNS),
    ]
    sizes, size_weights = [1, 2, 3, 4, 5, 6], [25, 45, 12, 12, 3, 3]
    started = time.perf_counter()
    current_month = None
    for day, h, s, movie, demand in plan:
        if current_month != (day.year, day.month):
            if current_month is not None:
                copier.flush(order)
                print(
                    f"  {current_month[0]}-{current_month[1]:02d} written: {counts['tickets']:,} tickets "
                    f"({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
            current_month = (day.year, day.month)
        hall_id, seats = halls[h]
        hour, minute = SLOTS[s]
        starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)
        ends = starts + timedelta(minutes=movie[3])
        ids["show"] += 1
        show_id = ids["show"]
        standard = Decimal(rng.choice(["9.50", "10.00", "11.00", "12.50"]))
        prices = {"standard": standard, "vip": standard + 4, "accessible": standard - 2}
        copier.add(
            Show,
            (
                show_id,
                movie[0],
                hall_id,
                starts,
                ends,
                ends + timedelta(minutes=20),
                prices["standard"],
                prices["vip"],
                prices["accessible"],
                "scheduled",
                "",
                starts - timedelta(days=21),
                admin.pk,
            ),
        )
        wanted = min(len(seats) * 0.97, len(seats) * demand * scale * rng.uniform(0.6, 1.4))
        free = seats[:]
        rng.shuffle(free)
        taken = 0
        ended = ends <= now
        while free and taken + 1 <= wanted:
            size = min(rng.choices(sizes, size_weights)[0], len(free))
            picked, free = free[:size], free[size:]
            taken += size
            roll = rng.random()
            channel = "online" if roll < 0.6 else "counter" if roll < 0.97 else "house"
            seller = rng.choice(salesmen).pk
            if channel == "online":
                sold_at = starts - timedelta(hours=min(rng.expovariate(1 / 40), 24 * 21), minutes=rng.randint(10, 59))
            else:
                sold_at = starts - timedelta(minutes=rng.randint(5, 240))
            if sold_at > now:
                continue  # not sold yet: the seats stay free
            sold_at = sold_at.replace(microsecond=rng.randint(0, 999999))
            complimentary = channel == "house" and rng.random() < 0.6
            customer = None
            if channel == "online" or (channel == "counter" and rng.random() < 0.5):
                customer = rng.choice(customers)
            categories = ["vip" if channel == "house" else category for _, category in picked]
            price_by_seat = [Decimal(0) if complimentary else prices[category] for category in categories]
            subtotal = sum(price_by_seat, Decimal(0))
            discounts, remaining = [], subtotal
            percent_offs = []
            if customer is not None and tier_of[customer] and not complimentary:
                percent_offs.append(("tier", *tier_of[customer]))
            if channel == "online" and rng.random() < 0.04:
                percent_offs.append(("coupon", *COUPON))
            for kind, percent, label in percent_offs:
                amount = min(remaining, cents(remaining * percent / 100))
                if amount > 0:
                    discounts.append((kind, label, amount))
                    remaining -= amount
            total = subtotal - sum((amount for *_, amount in discounts), Decimal(0))
            revenues = allocate(total, price_by_seat)
            ids["booking"] += 1
            booking_id = ids["booking"]
            local_year = sold_at.astimezone(TZ).year
            invoices[local_year] = invoices.get(local_year, 0) + 1
            # Payment: online at once (a card gateway) or at the box office before the show;
            # the counter takes the money at the sale; house seats are not paid here.
            payments = []
            if total > 0 and channel == "online":
                if rng.random() < 0.6:
                    payments.append(("online", total, "card-gateway", sold_at, None))
                else:
                    paid_at = sold_at + (starts - sold_at) * rng.uniform(0.3, 0.99)
                    if paid_at <= now:
                        payments.append((rng.choice(["cash", "card"]), total, "box_office", paid_at, seller))
            elif total > 0 and channel == "counter":
                payments.append((rng.choice(["cash", "card", "card"]), total, "box_office", sold_at, seller))
            payment_status = "complimentary" if total == 0 else "paid" if payments else "unpaid"
            status, cancelled_at, cancelled_by, reason, refund_amount = "confirmed", None, None, "", None
            cancel_chance = {"online": 0.06, "counter": 0.03, "house": 0.02}[channel]
            if rng.random() < cancel_chance:
                moment = sold_at + (starts - sold_at) * rng.uniform(0.05, 0.95)
                if moment <= now:
                    status, cancelled_at, reason = "cancelled", moment, "Customer asked"
                    payments = [payment for payment in payments if payment[3] <= moment]
                    paid = sum((payment[1] for payment in payments), Decimal(0))
                    refund_amount = paid
                    cancelled_by = customer if channel == "online" else seller
                    if paid > 0 and channel == "online":
                        payment_status = "refund_due"
                        refund_at = moment + timedelta(hours=rng.uniform(2, 96))
                        if refund_at <= now and rng.random() < 0.7:
                            payment_status = "refunded"  # paid out later by staff
                            payments.append((payments[-1][0], -paid, "refund", refund_at, seller))
                    elif paid > 0:
                        payment_status = "refunded"  # handed back at the counter at once
                        payments.append((payments[-1][0], -paid, "refund", moment, seller))
                    elif total > 0:
                        payment_status = "unpaid"
            counts["bookings"] += 1
            counts["cancelled"] += status == "cancelled"
            counts["comps"] += len(picked) if complimentary else 0
            created_by = customer if channel == "online" else admin.pk if channel == "house" else seller
            copier.add(
                Booking,
                (
                    booking_id,
                    f"BX-{booking_id:09d}",
                    show_id,
                    customer,
                    f"Guest {booking_id}" if channel == "house" else "",
                    created_by,
                    channel,
                    status,
                    subtotal,
                    subtotal - total,
                    total,
                    payment_status,
                    f"{local_year}-{invoices[local_year]:06d}",
                    sold_at,
                    cancelled_at,
                    cancelled_by,
                    reason,
                    refund_amount,
                    sold_at,
                    cancelled_at or sold_at,
                ),
            )
            for kind, label, amount in discounts:
                copier.add(BookingDiscount, (booking_id, kind, label, amount))
            for (seat_id, _), category, price, revenue in zip(picked, categories, price_by_seat, revenues, strict=True):
                ids["ticket"] += 1
                used = None
                if status == "confirmed" and ended and rng.random() < 0.88:
                    used = starts - timedelta(minutes=rng.uniform(0, 25))
                copier.add(
                    Ticket,
                    (
                        ids["ticket"],
                        booking_id,
                        show_id,
                        seat_id,
                        category,
                        price,
                        revenue,
                        "cancelled" if status == "cancelled" else "confirmed",
                        sold_at,
                        f"B{ids['ticket']:011d}",
                        used,
                        seller if used else None,
                    ),
                )
                counts["tickets"] += 1
            for method, amount, provider, at, by in payments:
                ids["payment"] += 1
                copier.add(Payment, (ids["payment"], booking_id, method, amount, provider, "", at, by))
                counts["payments"] += 1
    copier.flush(order)
    with raw_connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
    for year, last in invoices.items():
        InvoiceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
    with connection.cursor() as cursor:
        for model in (Show, Booking, BookingDiscount, Ticket, Payment):
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))"
            )
        cursor.execute("ANALYZE")
    counts["seconds"] = time.perf_counter() - started
    counts["capacity"] = seats_total
    return counts


SHOW_COLUMNS = (
    "id",
    "movie_id",
    "auditorium_id",
    "starts_at",
    "ends_at",
    "blocked_until",
    "price_standard",
    "price_vip",
    "price_accessible",
    "status",
    "cancel_reason",
    "created_at",
    "created_by_id",
)
BOOKING_COLUMNS = (
    "id",
    "reference",
    "show_id",
    "customer_id",
    "guest_name",
    "created_by_id",
    "channel",
    "status",
    "subtotal",
    "discount_total",
    "total",
    "payment_status",
    "invoice_number",
    "confirmed_at",
    "cancelled_at",
    "cancelled_by_id",
    "cancel_reason",
    "refund_amount",
    "created_at",
    "updated_at",
)
DISCOUNT_COLUMNS = ("booking_id", "kind", "label", "amount")
TICKET_COLUMNS = (
    "id",
    "booking_id",
    "show_id",
    "seat_id",
    "category",
    "price",
    "revenue",
    "status",
    "sold_at",
    "code",
    "used_at",
    "checked_in_by_id",
)
PAYMENT_COLUMNS = (
    "id",
    "booking_id",
    "method",
    "amount",
    "provider",
    "provider_reference",
    "recorded_at",
    "recorded_by_id",
)


def data_present(tickets_wanted: int) -> bool:
    """Does the bench database hold a complete generated theater (before Django is set up)?"""
    import psycopg2

    parts = urllib.parse.urlparse(DATABASE_URL)
    try:
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname=parts.path.lstrip("/"),
        )
    except psycopg2.OperationalError:
        return False  # no database yet
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM movies_movie WHERE slug LIKE %s", [MARKER + "%"])
            movies = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM bookings_ticket")
            return movies > 0 and cursor.fetchone()[0] >= tickets_wanted
    except psycopg2.Error:
        return False  # not migrated yet
    finally:
        connection.close()


# --- The figures --------------------------------------------------------------------------------------


def rebuild_figures() -> tuple[float, int, str]:
    """Run the real rebuild command: (seconds, rows it fixed, its summary line)."""
    started = time.perf_counter()
    output = manage("rebuild_sales_figures", capture=True).stdout.splitlines()
    seconds = time.perf_counter() - started
    fixed = sum(1 for line in output if line.startswith("Fixed "))
    return seconds, fixed, output[-1] if output else ""


def totals_reconcile() -> bool:
    """The figures of all days against the bookings and payments themselves: gross is what every
    booking ever sold came to (no changes are generated), refunds what the cancelled ones had come
    to, money taken less handed back is the payments' sum."""
    from django.db.models import Sum

    from bookings.models import Booking, Payment
    from sales.models import DailySales, DailyTakings, SellerSales

    def total(rows, **sums):
        return {name: value or 0 for name, value in rows.aggregate(**sums).items()}

    sold = total(Booking.objects.filter(confirmed_at__isnull=False), gross=Sum("total"), face=Sum("subtotal"))
    cancelled = total(Booking.objects.filter(status=Booking.Status.CANCELLED), refunds=Sum("total"))
    money = total(Payment.objects.all(), net=Sum("amount"))
    daily = total(DailySales.objects.all(), gross=Sum("gross"), face=Sum("face"), refunds=Sum("refunds"))
    sellers = total(SellerSales.objects.all(), gross=Sum("gross"), refunds=Sum("refunds"))
    takings = total(DailyTakings.objects.all(), taken=Sum("taken"), back=Sum("handed_back"))
    checks = {
        "gross": daily["gross"] == sold["gross"] == sellers["gross"],
        "face": daily["face"] == sold["face"],
        "refunds": daily["refunds"] == cancelled["refunds"] == sellers["refunds"],
        "takings": takings["taken"] - takings["back"] == money["net"],
    }
    for name, good in checks.items():
        if not good:
            print(f"dashboard bench: {name} does not reconcile: {sold} {cancelled} {money} {daily} {sellers} {takings}")
    return all(checks.values())


# --- Over HTTP ---------------------------------------------------------------------------------------


def admin_session() -> str:
    """A session of the bench Admin that has passed the emailed sign-in code (made server-side)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_email.models import EmailDevice

    from users.models import User

    admin = User.objects.get(email="dash-admin@xcounter.test")
    device, _ = EmailDevice.objects.get_or_create(user=admin, name="sign-in", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


def tills_open() -> None:
    """The salesmen who sell during the run (live_sale, during_sales) each open a till at a counter
    of their own, as a cashier must before taking money (boxoffice); an open one is kept."""
    try:
        from boxoffice import services as till
        from boxoffice.models import TillSession
    except ImportError:  # a branch without the till rule
        return
    from users.models import User

    for n in (0, 1):
        cashier = User.objects.get(email=f"dash-salesman{n}@xcounter.test")
        if not TillSession.objects.filter(cashier=cashier, closed_at__isnull=True).exists():
            till.session_open(cashier=cashier, counter=f"Bench counter {n}", opening_float=100)


class Client:
    def __init__(self, session_key: str):
        self.session_key = session_key

    def get(self, path: str) -> dict:
        started = time.perf_counter()
        connection = HTTPConnection(HOST, timeout=120)
        connection.request(
            "GET", path, headers={"Cookie": f"sessionid={self.session_key}", "X-Forwarded-Proto": "https"}
        )
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        client_ms = (time.perf_counter() - started) * 1000
        connection.close()
        return {
            "status": response.status,
            "body": body,
            "client_ms": client_ms,
            "request_id": response.getheader("X-Request-ID", ""),
            "server_timing": response.getheader("Server-Timing", ""),
        }


def period_path(value: str) -> str:
    return f"{DASHBOARD}?{urllib.parse.urlencode({PERIOD_PARAM: value})}"


def today_path() -> str:
    """Today alone: the picker's custom range from today to today."""
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    return f"{DASHBOARD}?{urllib.parse.urlencode({PERIOD_PARAM: 'custom', 'start': today, 'end': today})}"


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def server_times(log_path: Path) -> dict[str, float]:
    """gunicorn's request time (ms) of each request, by X-Request-ID, from its access log."""
    times = {}
    for line in log_path.read_text(errors="replace").splitlines():
        match = re.search(r" (\d+)ms .*request_id=(\S+)", line)
        if match:
            times[match.group(2)] = float(match.group(1))
    return times


def measure(client: Client, flush) -> tuple[dict, list[dict]]:
    """Cold and warm samples of each period: {name: {"cold": [...], "warm": [...]}} and every answer."""
    answers, samples = [], {}
    for name, value in (item.split("=") for item in PERIODS.split(",")):
        path = period_path(value)
        cold, warm = [], []
        for _ in range(COLD):
            flush()
            answers.append(answer := client.get(path))
            cold.append(answer)
        client.get(path)  # fills the cache if the cold loop's last answer did not
        for _ in range(WARM):
            answers.append(answer := client.get(path))
            warm.append(answer)
        samples[name] = {"cold": cold, "warm": warm}
    return samples, answers


# --- A sale a moment ago --------------------------------------------------------------------------


SALES_EVERY = float(os.environ.get("BENCH_SALES_EVERY", 3))  # seconds between counter sales
DURING = int(os.environ.get("BENCH_DURING", 20))  # year pages asked while the sales go on


def _seats_on_sale(count: int):
    """The next show on sale with `count` free seats, and those seats (None, [] when none)."""
    from django.utils import timezone

    from bookings.models import ACTIVE_TICKET, Ticket
    from movies.models import Seat, Show

    shows = Show.objects.upcoming().filter(starts_at__gt=timezone.now() + timedelta(minutes=10))
    for show in shows.order_by("starts_at")[:200]:
        taken = Ticket.objects.filter(ACTIVE_TICKET, show=show).values_list("seat_id", flat=True)
        free = list(Seat.objects.filter(auditorium_id=show.auditorium_id).exclude(pk__in=taken)[:count])
        if len(free) == count:
            return show, free
    return None, []


def during_sales(client: Client) -> list[dict]:
    """The year page asked once a second while a salesman sells two seats every SALES_EVERY
    seconds (a busy evening): each sale changes the figures' version, so this is the page as an
    Admin meets it while the theater sells."""
    import threading

    from django.db import connection

    from bookings import services
    from users.models import User

    salesman = User.objects.get(email="dash-salesman1@xcounter.test")
    stop = threading.Event()

    def sell():
        try:
            while not stop.wait(SALES_EVERY):
                show, free = _seats_on_sale(2)
                if show is None:
                    return
                services.booking_sell(
                    show=show, seat_ids=[seat.pk for seat in free], customer=None, by=salesman, method="card"
                )
        finally:
            connection.close()

    seller = threading.Thread(target=sell)
    seller.start()
    answers = []
    try:
        path = period_path(PERIODS.split(",")[-1].split("=")[1])
        for _ in range(DURING):
            answers.append(client.get(path))
            time.sleep(1)
    finally:
        stop.set()
        seller.join()
    return answers


def live_sale(client: Client) -> tuple[str, float | None]:
    """Sell two seats at the counter through the real service, then ask for today's dashboard until
    it shows today's new gross. Returns (state, seconds): state "shown", "missing" (not within
    LIVE_WAIT) or "undetectable" (the page did not show today's gross even before the sale: the
    check cannot be made, which fails it too)."""
    from bookings import services
    from sales import selectors
    from users.models import User
    from xcounter.days import one_day
    from xcounter.money import format_money

    salesman = User.objects.get(email="dash-salesman0@xcounter.test")
    path = today_path()
    before = format_money(selectors.figures(one_day()).sales.gross)
    detectable = before in client.get(path)["body"]
    show, free = _seats_on_sale(2)
    if show is None:
        return "no-show-on-sale", None
    services.booking_sell(show=show, seat_ids=[seat.pk for seat in free], customer=None, by=salesman, method="cash")
    sold = time.perf_counter()
    after = format_money(selectors.figures(one_day()).sales.gross)
    if after == before:
        return "figures-unchanged", None
    while True:
        if after in client.get(path)["body"]:
            return ("shown" if detectable else "shown-after-only"), time.perf_counter() - sold
        if time.perf_counter() - sold > LIVE_WAIT:
            return ("missing" if detectable else "undetectable"), None
        time.sleep(0.5)


def optional_reports() -> str:
    """bench/reports.py's time_reports(this year), when the branch with it has landed here: the
    summary PDF and the sales-by-movie CSV of a year on the same million tickets."""
    path = ROOT / "bench" / "reports.py"
    if not path.exists():
        return ""
    try:
        sys.path.insert(0, str(path.parent))
        import reports

        from xcounter.days import year

        figures = reports.time_reports(year())
    except Exception as error:  # an optional extra: say so, never fail the dashboard bench on it
        return f"reports=error:{type(error).__name__}"
    return " ".join(f"reports_year_{name}={value}" for name, value in figures.items() if name != "period")


# --- Where the time goes ----------------------------------------------------------------------------


def profile(explain: bool) -> None:
    """Time each `sales.selectors` reader the Admin dashboard calls, uncached, in this process (one
    warm-up, then the best of three), with its queries; `explain` adds EXPLAIN ANALYZE of each
    reader's slowest query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sales import selectors as sales
    from xcounter.days import cinema_week, month, year

    try:
        from employees.selectors import headcount
    except ImportError:
        headcount = None
    for name, period in (("week", cinema_week()), ("month", month()), ("year", year())):
        readers = {
            "figures": lambda p=period: sales.figures(p),
            "figures(previous)": lambda p=period: sales.figures(p.previous()),
            "series": lambda p=period: sales.series(p),
            "by_genre": lambda p=period: sales.by_genre(p),
            "by_movie": lambda p=period: sales.by_movie(p),
            "film_week_grid": lambda p=period: sales.film_week_grid(cinema_week(min(p.last, date_today()))),
            "occupancy(auditorium)": lambda p=period: sales.occupancy(p),
            "occupancy(hour)": lambda p=period: sales.occupancy(p, by="hour"),
            "by_ticket_type": lambda p=period: sales.by_ticket_type(p),
            "by_channel": lambda p=period: sales.by_channel(p),
            "by_seller": lambda p=period: sales.by_seller(p),
        }
        if headcount is not None:
            readers["headcount"] = headcount
        total = 0.0
        for reader, call in readers.items():
            call()
            best, queries = math.inf, []
            for _ in range(3):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    call()
                    elapsed = (time.perf_counter() - started) * 1000
                if elapsed < best:
                    best, queries = elapsed, list(captured.captured_queries)
            total += best
            slowest = max(queries, key=lambda query: float(query["time"]), default=None)
            print(f"profile {name} {reader}: {best:.1f} ms, {len(queries)} queries", flush=True)
            if explain and slowest is not None:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
                    for (line,) in cursor.fetchall():
                        print(f"    {line}")
        print(f"profile {name} total: {total:.0f} ms", flush=True)


def date_today():
    from django.utils import timezone

    return timezone.localdate()


# --- Main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="make the bench database afresh")
    parser.add_argument("--tickets", type=int, default=1_000_000, help="at least this many tickets")
    parser.add_argument(
        "--no-rebuild", action="store_true", help="reuse the figures as they are (skips both rebuild runs)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="only time each sales.selectors reader (on the data there)"
    )
    parser.add_argument("--explain", action="store_true", help="with --profile: EXPLAIN ANALYZE the slowest queries")
    args = parser.parse_args()
    if args.profile:
        django_setup()
        profile(args.explain)
        return 0

    fresh = args.rebuild or not data_present(args.tickets)
    database_create(fresh=fresh)
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    django_setup()
    from django.db import connection

    from bookings.models import Booking, Ticket

    generated = generate(args.tickets) if fresh else None
    generate_s = generated["seconds"] if generated else 0.0
    skip = args.no_rebuild and not fresh
    if skip:  # iterating on the pages: the figures are what the last run left
        rebuild_s, fixed, summary = 0.0, 0, "no difference (skipped)"
    else:
        rebuild_s, fixed, summary = rebuild_figures()
        print(f"dashboard bench: first rebuild {rebuild_s:.1f} s, {fixed:,} rows fixed: {summary}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the figure tables as autovacuum would have them after a while
    if fresh:  # the first run filled the figures; the second must find nothing to fix
        _, again_fixed, again_summary = rebuild_figures()
    else:  # reused data: the figures were kept by the sales since, the one run must find nothing
        again_fixed, again_summary = fixed, summary
    rebuild_ok = again_fixed == 0 and "no difference" in again_summary
    totals_ok = totals_reconcile()
    tickets = Ticket.objects.count()
    bookings = Booking.objects.count()

    import redis

    cache = redis.Redis.from_url(REDIS_URL)
    session_key = admin_session()
    tills_open()
    client = Client(session_key)
    log = Path(tempfile.mkstemp(prefix="dashbench-gunicorn-", suffix=".log")[1])
    with log.open("w") as out:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(gunicorn, HOST, "/healthz", tries=150)
        for _ in range(8):  # every worker has imported and compiled its templates
            client.get(today_path())
        load_before = os.getloadavg()[0]
        samples, answers = measure(client, cache.flushdb)
        load_after = os.getloadavg()[0]
        live_state, live_s = live_sale(client)
        during = during_sales(client)
        reports = optional_reports()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    times = server_times(log)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size_mb = cursor.fetchone()[0] / 2**20

    parts = [f"tickets={tickets}", f"bookings={bookings}", f"days={DAYS}", f"generate_s={generate_s:.0f}"]
    if skip:
        parts.append("rebuild=skipped")
    else:
        parts += [f"rebuild_s={rebuild_s:.0f}", f"rebuild_fixed={fixed}", f"rebuild_again_fixed={again_fixed}"]
    statuses_ok = all(answer["status"] == 200 for answer in answers + during)
    targets_met = True
    for name, kinds in samples.items():
        for kind, items in kinds.items():
            server = [times.get(item["request_id"], item["client_ms"]) for item in items]
            client_side = [item["client_ms"] for item in items]
            parts.append(f"{name}_{kind}_p95_ms={p95(server):.0f}")
            parts.append(f"{name}_{kind}_p50_ms={sorted(server)[len(server) // 2]:.0f}")
            parts.append(f"{name}_{kind}_client_p95_ms={p95(client_side):.0f}")
            targets_met &= p95(server) <= (COLD_TARGET_MS if kind == "cold" else WARM_TARGET_MS)
    during_ms = [times.get(item["request_id"], item["client_ms"]) for item in during]
    parts.append(f"year_during_sales_p95_ms={p95(during_ms):.0f}")
    timing = next((answer["server_timing"] for answer in answers if answer["server_timing"]), "")
    if timing:
        parts.append(f"server_timing={timing.replace(' ', '')}")
    parts.append(f"live={live_state}" + (f" live_s={live_s:.2f}" if live_s is not None else ""))
    if reports:
        parts.append(reports)
    answers += during
    non_200 = sum(answer["status"] != 200 for answer in answers)
    live_ok = live_state == "shown"
    ok = tickets >= args.tickets and rebuild_ok and totals_ok and statuses_ok and live_ok
    parts.append(f"load_1m={load_before:.1f}-{load_after:.1f}")  # other work on the machine meanwhile
    parts += [
        f"totals_reconcile={'yes' if totals_ok else 'no'}",
        f"http_non_200={non_200}",
        f"db_size_mb={size_mb:.0f}",
    ]
    parts += [f"targets={'met' if targets_met else 'missed'}", f"ok={'yes' if ok else 'no'}"]
    print(" ".join(parts), flush=True)
    log.unlink()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
