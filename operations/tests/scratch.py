"""Scratch databases for the backup tests, and what runs inside them.

The suite itself runs on one database (SQLite, or PostgreSQL in CI) that a restore must never
touch, so the backup and restore commands run in a subprocess (`manage.py`, as an operator runs
them) against a scratch database of their own: a temporary SQLite file always, and a PostgreSQL
database made with `createdb` when a server answers at 127.0.0.1 (it must when the suite itself
runs on PostgreSQL, as in CI).

`seed`, `mutate` and `fingerprint` run inside that subprocess (`manage.py shell -c`), through the
real services.
"""

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
# What the subprocess must not inherit from the test process.
UNSET = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "REDIS_URL", "SINGLE_PROCESS", "DEBUG"}


@dataclass
class Scratch:
    """A database (and media directory) the backup commands may do anything to."""

    engine: str
    url: str
    media: Path

    def env(self, **extra) -> dict:
        clean = {k: v for k, v in os.environ.items() if k not in UNSET}
        return {
            **clean,
            "DEBUG": "True",  # the development defaults, whatever a local .env says
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "EMAIL_DELIVERY": "worker",  # mail waits in the outbox; nothing is sent
            "CONN_MAX_AGE": "0",
            **extra,
        }

    def manage(self, *args, input: str | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def call(self, function: str) -> dict:
        """Run one of this module's functions in the scratch database; its printed JSON."""
        result = self.manage("shell", "-c", f"from operations.tests.scratch import {function}; {function}()")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgres_server() -> str | None:
    """postgres://user@host:port of the server to make scratch databases on, or None if none answers.

    The suite's own server when it runs on PostgreSQL (then it must answer), else 127.0.0.1."""
    url = os.environ.get("DATABASE_URL", "")
    suite_on_postgres = url.startswith(("postgres://", "postgresql://"))
    parts = urlsplit(url if suite_on_postgres else "postgres://postgres@127.0.0.1:5432/postgres")
    server = f"postgres://{parts.netloc}"
    if suite_on_postgres:
        return server
    if shutil.which("pg_isready") is None or shutil.which("pg_dump") is None:
        return None
    answered = subprocess.run(
        ["pg_isready", "-q", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-t", "3"],
        capture_output=True,
    )
    return server if answered.returncode == 0 else None


def _pg_args(server: str) -> list[str]:
    parts = urlsplit(server)
    return ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]


def _pg_env(server: str) -> dict:
    password = urlsplit(server).password
    return {**os.environ, **({"PGPASSWORD": password} if password else {})}


def createdb(server: str, template: str | None = None) -> str:
    name = f"xcounter_backup_scratch_{secrets.token_hex(4)}"
    subprocess.run(
        ["createdb", *_pg_args(server), *(["-T", template] if template else []), name],
        check=True,
        env=_pg_env(server),
        capture_output=True,
    )
    return name


def dropdb(server: str, name: str) -> None:
    subprocess.run(
        ["dropdb", *_pg_args(server), "--if-exists", "--force", name], env=_pg_env(server), capture_output=True
    )


# --- Run inside the scratch database ---------------------------------------------------------------


def _print(data) -> None:
    print(json.dumps(data, sort_keys=True))


def seed() -> None:
    """A small theater through the real services: shows, online and counter bookings, payments, a
    refund, staff with salary entries and a paid month, a movie poster in MEDIA_ROOT."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.test import override_settings
    from django.utils import timezone

    from bookings import services as bookings
    from bookings.tests.factories import confirmed, sold_at_counter
    from boxoffice import services as tills
    from employees import services as employees
    from employees.models import SalaryEntry
    from employees.tests.factories import hire
    from movies import services as movies
    from movies.tests.factories import MovieFactory, auditorium, image_upload, show
    from users.models import Role

    # Seeding signs nobody in: a cheap password hash keeps the subprocess quick.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        poster_movie = MovieFactory.build(title="The Restored Reel", slug="the-restored-reel", poster=image_upload())
        poster_movie = movies.movie_save(movie=poster_movie, genres=[], poster_changed=True)
        hall = auditorium("Grand Hall")
        tomorrow = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
        evening = show(movie=poster_movie, auditorium_=hall, starts_at=tomorrow)
        late = show(auditorium_=hall, starts_at=tomorrow + timedelta(hours=4))

        moderator = hire(Role.MODERATOR, started_on=date(2026, 1, 15))
        salesman = hire(Role.SALESMAN, supervisor=moderator.user, started_on=date(2026, 1, 15))
        # Counter money goes into a till: left open, so the sale made after the backup lands in it too.
        tills.session_open(cashier=salesman.user, counter="Counter 1", opening_float=Decimal("100.00"))
        confirmed(evening, "A1", "A2")
        confirmed(late, "B3")
        sold_at_counter(evening, "C1", "C2", "C3", salesman=salesman.user, method="cash")
        unpaid = sold_at_counter(late, "A4", salesman=salesman.user, method=None)
        bookings.payment_record(booking=unpaid, method="card", by=salesman.user)
        refunded = sold_at_counter(late, "C8", salesman=salesman.user, method="card")
        bookings.booking_cancel(booking=refunded, by=salesman.user, reason="Changed plans", refund_now=True)

        for kind, amount, reason in [
            (SalaryEntry.Kind.BONUS, "150.00", "Sold out premiere"),
            (SalaryEntry.Kind.PENALTY, "20.00", "Late twice"),
            (SalaryEntry.Kind.BASE, "2100.00", "Yearly raise"),
        ]:
            employees.salary_entry_add(
                employee=salesman,
                kind=kind,
                amount=Decimal(amount),
                effective_on=date(2026, 3, 1),
                reason=reason,
                by=moderator.user,
            )
        employees.payroll_pay(employee=salesman, month=date(2026, 2, 1), by=moderator.user)
    _print({"seeded": True})


def mutate() -> None:
    """What happens after the backup: new sales, cancellations, salary entries, deleted rows, a lost
    poster and a stray upload."""
    from datetime import date
    from decimal import Decimal

    from django.conf import settings
    from django.db import connection

    from bookings import services as bookings
    from bookings.models import Booking, BookingEvent, Payment
    from bookings.tests.factories import sold_at_counter
    from boxoffice.models import TillEntry
    from employees import services as employees
    from employees.models import Employee, SalaryEntry
    from movies.models import Movie, Show
    from users.models import Role

    salesman = Employee.objects.get(user__role=Role.SALESMAN)
    evening = Show.objects.get(movie__slug="the-restored-reel")
    sold_at_counter(evening, "B1", "B2", salesman=salesman.user, method="card")
    online = Booking.objects.filter(channel=Booking.Channel.ONLINE, status=Booking.Status.CONFIRMED).first()
    bookings.booking_cancel(booking=online, by=online.customer, reason="Cannot come")
    employees.salary_entry_add(
        employee=salesman,
        kind=SalaryEntry.Kind.BONUS,
        amount=Decimal("75.00"),
        effective_on=date(2026, 4, 1),
        reason="Extra shift",
        by=salesman.supervisor,
    )
    # Rows lost outright, as a careless script or a broken disk would lose them.
    TillEntry.objects.filter(payment__method=Payment.Method.CASH).delete()  # they protect their payments
    Payment.objects.filter(method=Payment.Method.CASH).delete()
    BookingEvent.objects.filter(action="sold").delete()
    poster = Movie.objects.get(slug="the-restored-reel").poster
    Path(poster.path).unlink()
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("uploaded after the backup")
    with connection.cursor() as cursor:  # as a newer migration would add one
        cursor.execute("CREATE TABLE later_feature (id integer)")
    _print({"mutated": True})


def _rows_digest(model) -> str:
    fields = [field.attname for field in model._meta.concrete_fields]
    rows = model._base_manager.order_by("pk").values_list(*fields)
    return hashlib.sha256(json.dumps([list(row) for row in rows], default=str).encode()).hexdigest()


def fingerprint() -> None:
    """Every table's row count, checksums of bookings, tickets, payments and salary entries, and a
    checksum of every media file."""
    from django.conf import settings
    from django.db import connection

    from bookings.models import Booking, Payment, Ticket
    from employees.models import SalaryEntry

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    media_root = Path(settings.MEDIA_ROOT)
    media = {
        str(path.relative_to(media_root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }
    _print(
        {
            "rows": counts,
            "checksums": {model.__name__: _rows_digest(model) for model in (Booking, Ticket, Payment, SalaryEntry)},
            "media": media,
        }
    )
