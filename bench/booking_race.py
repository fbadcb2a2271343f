"""Benchmark: 200 concurrent online booking attempts over real HTTP at 50 seats of one show.

Starts the site under gunicorn on PostgreSQL (a separate bench database), signs in 200
customers (sessions made directly, so allauth's login rate limit does not skew the run), and
fires hold + confirm requests at once. Prints one line:

    attempts=200 bookings=… seats_sold=… seats_sold_twice=0 http_5xx=0 bookings_per_second=…

Run: .venv/bin/python bench/booking_race.py   (or `make bench`)
Options by environment: BENCH_DATABASE_URL, BENCH_ATTEMPTS, BENCH_SEATS, BENCH_WORKERS, BENCH_PORT.
"""

import os
import random
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xcounter_bench")
ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", 200))
SEATS = int(os.environ.get("BENCH_SEATS", 50))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
PORT = int(os.environ.get("BENCH_PORT", 8765))
HOST = f"127.0.0.1:{PORT}"

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "xcounter.settings.base",
    "DEBUG": "False",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(60)),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    # Several gunicorn workers share their limits through Redis, as in production.
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    "EMAIL_URL": "memorymail://",  # mails and their PDFs are still built, just not printed
    "LOG_LEVEL": "WARNING",
}


def ensure_database(url: str = DATABASE_URL, *, fresh: bool = False) -> None:
    """Create the bench database when it is missing (every bench script calls this one); `fresh`
    drops it first, so a run does not inherit an earlier run's rows."""
    import psycopg2

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare():
    """Migrate, then create a 50-seat show and 200 signed-in customers; return their cookies."""
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from bookings.models import Booking
    from movies import services
    from movies.models import Auditorium
    from movies.tests.factories import MovieFactory
    from users.models import Role, User

    Booking.objects.filter(show__auditorium__name="Bench Hall").delete()
    hall = Auditorium.objects.filter(name="Bench Hall").first()
    if hall is None:
        rows, per_row = divmod(SEATS, 10)
        layout = "\n".join(["S" * 10] * rows + (["S" * per_row] if per_row else []))
        hall = services.auditorium_create(name="Bench Hall", layout=layout)
    show = services.show_schedule(
        movie=MovieFactory(title=f"Bench {secrets.token_hex(3)}", slug=f"bench-{secrets.token_hex(4)}"),
        auditorium=hall,
        starts_at=timezone.now() + timedelta(days=30, minutes=random.randint(0, 10**6)),
        prices={"standard": 10, "vip": 15, "accessible": 8},
    )
    seat_ids = list(hall.seats.values_list("pk", flat=True))
    customers = []
    for n in range(ATTEMPTS):
        user, _ = User.objects.get_or_create(email=f"bench{n}@xcounter.test", defaults={"role": Role.CUSTOMER})
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        customers.append(session.session_key)
    return show, seat_ids, customers


def post(path, cookies, fields):
    csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and field
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": csrf}, doseq=True)
    connection = HTTPConnection(HOST, timeout=60)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={cookies}; csrftoken={csrf}",
            "X-Forwarded-Proto": "https",  # as behind the TLS proxy: secure cookies, no redirect
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, response.getheader("Location", "")


def attempt(show_id, seat_ids, session_key):
    """One customer: hold 1–2 random seats, then confirm. Returns (booked, statuses)."""
    picks = random.sample(seat_ids, random.choice([1, 2]))
    status, location = post(f"/shows/{show_id}/hold/", session_key, {"seat": picks})
    statuses = [status]
    match = re.search(r"/bookings/(XC-[A-Z0-9]+)/checkout/", location)
    if not match:
        return False, statuses
    status, location = post(f"/bookings/{match.group(1)}/checkout/", session_key, {"provider": "box_office"})
    statuses.append(status)
    return status == 302 and "/checkout/" not in location and match.group(1) in location, statuses


def wait_until_up(process, host: str = HOST, path: str = "/", tries: int = 100) -> None:
    """Wait for gunicorn to answer `path` (every bench script calls this one)."""
    for _ in range(tries):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped during start-up")
        try:
            connection = HTTPConnection(host, timeout=2)
            connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer")


def main():
    ensure_database()
    show, seat_ids, customers = prepare()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "xcounter.wsgi",
            "--bind",
            HOST,
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        wait_until_up(gunicorn)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=50) as pool:
            results = list(pool.map(lambda key: attempt(show.pk, seat_ids, key), customers))
        elapsed = time.perf_counter() - started
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    from django.db.models import Count

    from bookings.models import ACTIVE_TICKET, Booking, Ticket

    live = Ticket.objects.filter(ACTIVE_TICKET, show=show)
    sold_twice = live.values("seat").annotate(n=Count("pk")).filter(n__gt=1).count()
    bookings = Booking.objects.filter(show=show, status=Booking.Status.CONFIRMED).count()
    errors = sum(1 for _, statuses in results for status in statuses if status >= 500)
    print(
        f"attempts={len(results)} bookings={bookings} seats_sold={live.count()} seats_sold_twice={sold_twice} "
        f"http_5xx={errors} bookings_per_second={bookings / elapsed:.1f} seconds={elapsed:.2f}"
    )
    return 0 if sold_twice == 0 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
