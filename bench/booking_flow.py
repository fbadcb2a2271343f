"""Benchmark: the seat map of the largest hall against a bare Django page, and the whole customer
journey with 1 and 16 concurrent customers, over real HTTP to gunicorn on PostgreSQL + Redis.

Starts the site under gunicorn (4 sync workers, production settings: DEBUG off, the cache on
Redis) with one extra URL, the "limit" view: a bare Django view that renders 50 rows from one
indexed query through a template, the yardstick a seat map is measured against in the same run.
Creates a 252-seat hall laid out as the demo's Grand Hall with enough shows of one movie for the
run, signs in the customers over HTTP (the sign-in form), then:

1. seat map vs limit: BENCH_MAP_CLIENTS clients request the seat map of a show whose hall is a
   third sold, and the limit view, in alternating BENCH_MAP_SECONDS windows (twice each);
2. the journey, for BENCH_FLOW_SECONDS with 1 client, then with 16: listing → movie page →
   seat map → hold 1–4 free seats read off that map → checkout page → confirm. A hold refused
   because another customer took a seat first goes back to the seat map (a retry, not an order).

Prints one line per figure and exits non-zero when a correctness figure is wrong (a seat sold
twice, checked in the database, or any HTTP 5xx).

Run: .venv/bin/python bench/booking_flow.py   (or `make bench`)
Options by environment: BENCH_FLOW_DATABASE_URL (postgres://…/xc_bench_flow), BENCH_REDIS_URL,
BENCH_PORT, BENCH_WORKERS (4), BENCH_MAP_SECONDS (8), BENCH_MAP_CLIENTS (8), BENCH_FLOW_SECONDS (30),
BENCH_CLIENTS (16), BENCH_SHOWS (24).
"""

import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))  # last: bench/dashboard.py must not hide the dashboard app
from booking_race import ensure_database, wait_until_up  # noqa: E402  (one copy of the bench plumbing)

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_FLOW_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xc_bench_flow")
PORT = int(os.environ.get("BENCH_PORT", 8766))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
MAP_SECONDS = float(os.environ.get("BENCH_MAP_SECONDS", 8))
MAP_CLIENTS = int(os.environ.get("BENCH_MAP_CLIENTS", 8))
FLOW_SECONDS = float(os.environ.get("BENCH_FLOW_SECONDS", 30))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 16))
SHOWS = int(os.environ.get("BENCH_SHOWS", 24))
HOST = f"127.0.0.1:{PORT}"
PASSWORD = "bench-" + "flow-password-1"
LIMIT_PATH = "/bench/limit/"

ENV = {
    **os.environ,
    "DATABASE_URL": DATABASE_URL,
    "DJANGO_SETTINGS_MODULE": "xcounter.settings.base",
    "DEBUG": "False",
    "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(60)),
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    "REDIS_URL": os.environ.get(
        "BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"
    ),  # not 14: the two-server tests own that one
    "EMAIL_URL": "memorymail://",
    "EMAIL_DELIVERY": "worker",  # as in production: mails wait in the outbox for the worker
    "LOG_LEVEL": "WARNING",
}


# --- The server side: the site plus the limit view (gunicorn imports this module) ------------


def limit_view(request):
    """The yardstick: 50 rows from one indexed query (a hall's seats in map order) through a template."""
    from django.http import HttpResponse

    from movies.models import Seat

    rows = Seat.objects.filter(auditorium_id=int(os.environ["BENCH_LIMIT_AUDITORIUM"])).order_by(
        "grid_row", "grid_column"
    )[:50]
    return HttpResponse(_LIMIT_TEMPLATE.render({"rows": rows}))


if os.environ.get("BENCH_FLOW_SERVER") == "1":
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.template import engines
    from django.urls import include, path

    application = get_wsgi_application()
    _LIMIT_TEMPLATE = engines["django"].from_string(
        "<!doctype html><html><head><title>Limit</title></head><body><table>"
        "{% for seat in rows %}<tr><td>{{ seat.row }}</td><td>{{ seat.number }}</td>"
        "<td>{{ seat.get_category_display }}</td></tr>{% endfor %}</table></body></html>"
    )
    urlpatterns = [path(LIMIT_PATH.strip("/") + "/", limit_view), path("", include("xcounter.urls"))]
    settings.ROOT_URLCONF = __name__  # the site's own URLs, and the limit view's


# --- Set-up, in this process ------------------------------------------------------------------


def prepare():
    """Migrate; a fresh 252-seat hall with SHOWS shows of a fresh movie, the first a third sold;
    CLIENTS customers with a password. Returns (hall, movie, shows, emails)."""
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=ENV, check=True)
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.cache import cache
    from django.utils import timezone

    from bookings import services as bookings
    from bookings.payments import PayAtBoxOffice
    from demo.movies import AUDITORIUMS
    from movies import services
    from movies.forms import LayoutGeneratorForm
    from movies.models import Movie
    from movies.tests.factories import MovieFactory
    from users.models import Role, User

    cache.clear()  # the bench's own Redis database: no limits or pages left from an earlier run
    tag = secrets.token_hex(3)
    _, description, generator, (standard, vip, accessible) = AUDITORIUMS[0]  # the Grand Hall
    form = LayoutGeneratorForm(generator)
    assert form.is_valid(), form.errors
    hall = services.auditorium_create(name=f"Flow Hall {tag}", description=description, layout=form.layout())
    movie = MovieFactory(title=f"Flow {tag}", slug=f"flow-{tag}", status=Movie.Status.NOW_SHOWING)
    start = timezone.now() + timedelta(hours=2)
    shows = [
        services.show_schedule(
            movie=movie,
            auditorium=hall,
            starts_at=start + timedelta(hours=4 * n),
            prices={"standard": Decimal(standard), "vip": Decimal(vip), "accessible": Decimal(accessible)},
        )
        for n in range(SHOWS)
    ]
    password = make_password(PASSWORD)  # hashed once, shared by the bench customers
    emails = []
    for n in range(max(CLIENTS, 1) + 1):
        email = f"flow{n}@xcounter.test"
        user, _ = User.objects.update_or_create(
            email=email, defaults={"role": Role.CUSTOMER, "password": password, "full_name": f"Flow Customer {n}"}
        )
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        emails.append(email)
    # The seat-map show: a third of the hall sold beforehand (to the last customer, who only watches).
    buyer = User.objects.get(email=emails[-1])
    seats = list(hall.seats.order_by("?").values_list("pk", flat=True)[: hall.seats.count() // 3])
    for picked in (seats[i : i + 8] for i in range(0, len(seats), 8)):
        booking = bookings.booking_hold(show=shows[0], seat_ids=picked, customer=buyer, by=buyer)
        bookings.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=buyer)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them on a live database
    return hall, movie, shows, emails


# --- The client: plain HTTP, one connection per request (gunicorn's sync workers close them) ---


class Client:
    def __init__(self):
        self.session = ""
        self.csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and field

    def request(self, method, path, fields=None):
        headers = {
            "Cookie": f"sessionid={self.session}; csrftoken={self.csrf}",
            "X-Forwarded-Proto": "https",  # as behind the TLS proxy: secure cookies, no redirect
            "X-Forwarded-For": "127.0.0.1",
        }
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf}, doseq=True)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}/",
                }
            )
        connection = HTTPConnection(HOST, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie" and value.startswith("sessionid="):
                    self.session = value.split(";", 1)[0].split("=", 1)[1]
            return response.status, response.getheader("Location", ""), content
        finally:
            connection.close()

    def sign_in(self, email):
        status, location, _ = self.request("POST", "/accounts/login/", {"login": email, "password": PASSWORD})
        if status != 302 or not self.session:
            raise SystemExit(f"Could not sign {email} in over HTTP: {status} {location}")


SEAT_INPUT = re.compile(rb'<input type="checkbox" name="seat" value="(\d+)"[^>]*>')
SHOW_LINK = re.compile(rb'href="/shows/(\d+)/seats/"')
CHECKOUT = re.compile(r"/bookings/(XC-[A-Z0-9]+)/checkout/$")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.orders = []  # seconds per order
        self.tickets = 0
        self.retries = 0

    def saw(self, status):
        with self.lock:
            self.statuses[status] += 1

    @property
    def errors(self):
        return sum(n for status, n in self.statuses.items() if status >= 500)


def journey(client, movie_path, open_shows, stats, until):
    """Orders, one after another, until the time is up."""
    while time.perf_counter() < until:
        started = time.perf_counter()
        for path in ("/", movie_path):
            status, _, body = client.request("GET", path)
            stats.saw(status)
        show_ids = [int(pk) for pk in SHOW_LINK.findall(body)]
        candidates = [pk for pk in show_ids if pk in open_shows] or list(open_shows)
        if not candidates:
            return
        show_id = random.choice(candidates[:3])  # customers go for the first shows listed
        while time.perf_counter() < until:
            status, location, body = client.request("GET", f"/shows/{show_id}/seats/")
            stats.saw(status)
            free = [m.group(1).decode() for m in SEAT_INPUT.finditer(body) if b" disabled" not in m.group(0)]
            wanted = random.randint(1, 4)
            if status != 200 or len(free) < wanted:
                open_shows.discard(show_id)
                break
            start = random.randrange(len(free) - wanted + 1)
            status, location, _ = client.request(
                "POST", f"/shows/{show_id}/hold/", {"seat": free[start : start + wanted]}
            )
            stats.saw(status)
            match = CHECKOUT.search(location)
            if not match:
                with stats.lock:
                    stats.retries += 1
                continue
            checkout = f"/bookings/{match.group(1)}/checkout/"
            status, _, _ = client.request("GET", checkout)
            stats.saw(status)
            status, location, _ = client.request("POST", checkout, {"provider": "box_office"})
            stats.saw(status)
            if status == 302 and location.endswith(f"/bookings/{match.group(1)}/"):
                with stats.lock:
                    stats.orders.append(time.perf_counter() - started)
                    stats.tickets += wanted
            break


def run_journey(clients, movie_path, shows, seconds):
    stats = Stats()
    open_shows = set(shows)
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    threads = [threading.Thread(target=journey, args=(c, movie_path, open_shows, stats, until)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, time.perf_counter() - started


def hammer(clients, path, seconds):
    """Requests per second for one path, with these clients at once."""
    stats = Stats()
    count = [0]
    until = time.perf_counter() + seconds

    def loop(client):
        while time.perf_counter() < until:
            status, _, _ = client.request("GET", path)
            stats.saw(status)
            with stats.lock:
                count[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count[0] / (time.perf_counter() - started), stats


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds each of these processes has used so far (Linux /proc)."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used in between by the processes alive at the end (new ones from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_cpu_seconds() -> float:
    """CPU seconds the whole machine has been busy so far, over all cores (Linux /proc/stat)."""
    user, nice, system, idle, iowait, irq, softirq, steal = (
        int(n) for n in Path("/proc/stat").read_text().split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def server_pids(gunicorn) -> tuple[list[int], list[int]]:
    """The gunicorn workers, and the PostgreSQL backends serving the bench database."""
    try:
        workers = [int(pid) for pid in Path(f"/proc/{gunicorn.pid}/task/{gunicorn.pid}/children").read_text().split()]
    except OSError:
        workers = []
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [pid for (pid,) in cursor.fetchall()]
    return workers, backends


def percentile(values, share):
    if not values:
        return 0.0
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1] if len(values) > 1 else values[0]
    )


def main():
    # From an empty database every run: customers' orders and halls piled up from earlier runs made
    # each run slower than the last (the loyalty recount reads a customer's year of tickets).
    ensure_database(DATABASE_URL, fresh=True)
    hall, movie, shows, emails = prepare()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.booking_flow:application",
            "--bind",
            HOST,
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**ENV, "BENCH_FLOW_SERVER": "1", "BENCH_LIMIT_AUDITORIUM": str(hall.pk)},
    )
    errors = 0
    try:
        wait_until_up(gunicorn, HOST, LIMIT_PATH, tries=150)
        clients = [Client() for _ in emails]
        for client, email in zip(clients, emails, strict=True):
            client.sign_in(email)
        map_path = f"/shows/{shows[0].pk}/seats/"
        for path in (LIMIT_PATH, map_path):  # warm up: templates, the layout cache
            for client in clients[: WORKERS * 2]:
                client.request("GET", path)
        viewers = [clients[n % len(clients)] for n in range(MAP_CLIENTS)]
        rates = {LIMIT_PATH: [], map_path: []}
        for _ in range(2):
            for path in (LIMIT_PATH, map_path):
                rate, stats = hammer(viewers, path, MAP_SECONDS)
                rates[path].append(rate)
                errors += stats.errors
        limit_rate, map_rate = (statistics.mean(rates[LIMIT_PATH]), statistics.mean(rates[map_path]))
        _, _, page = clients[0].request("GET", map_path)
        print(f"limit_view_requests_per_second={limit_rate:.1f}")
        print(
            f"seat_map_requests_per_second={map_rate:.1f} ratio_to_limit={map_rate / limit_rate:.2f} "
            f"seats={hall.seats.count()} page_kb={len(page) / 1024:.1f}"
        )
        movie_path = movie.get_absolute_url()
        results = {}
        for count in (1, CLIENTS):
            workers, backends = server_pids(gunicorn)
            before = cpu_seconds(workers), cpu_seconds(backends)
            machine_before, client_before = machine_cpu_seconds(), time.process_time()
            stats, elapsed = run_journey(clients[:count], movie_path, [show.pk for show in shows], FLOW_SECONDS)
            machine_cpu, client_cpu = machine_cpu_seconds() - machine_before, time.process_time() - client_before
            workers, backends = server_pids(gunicorn)
            django_cpu = cpu_used(before[0], cpu_seconds(workers))
            db_cpu = cpu_used(before[1], cpu_seconds(backends))
            errors += stats.errors
            results[count] = stats
            orders = max(len(stats.orders), 1)
            print(
                f"clients={count} orders_per_second={len(stats.orders) / elapsed:.2f} "
                f"tickets_per_minute={stats.tickets / elapsed * 60:.0f} "
                f"order_p50_seconds={percentile(stats.orders, 0.50):.2f} "
                f"order_p95_seconds={percentile(stats.orders, 0.95):.2f} orders={len(stats.orders)} "
                f"hold_retries={stats.retries}"
            )
            # Where the time goes: CPU per order in the gunicorn workers and in PostgreSQL; on this
            # many free cores those two alone cap the orders per second.
            print(
                f"clients={count} django_cpu_ms_per_order={django_cpu / orders * 1000:.0f} "
                f"postgres_cpu_ms_per_order={db_cpu / orders * 1000:.0f} "
                f"cap_orders_per_second_on_{os.cpu_count()}_free_cores="
                f"{os.cpu_count() / max((django_cpu + db_cpu) / orders, 1e-9):.1f}"
            )
            # And the whole machine: this client's own threads, and everything else that ran (Redis,
            # the kernel's network, other programs). 3,000 tickets a minute (20 orders/s at 2.5
            # tickets an order) on 2 cores leaves 100 ms of the machine per order for all of it.
            print(
                f"clients={count} client_cpu_ms_per_order={client_cpu / orders * 1000:.0f} "
                f"machine_cpu_ms_per_order={machine_cpu / orders * 1000:.0f} "
                f"machine_busy={machine_cpu / elapsed / os.cpu_count():.0%} load_1m={os.getloadavg()[0]:.2f}"
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)

    from django.db.models import Count

    from bookings.models import ACTIVE_TICKET, Ticket

    live = Ticket.objects.filter(ACTIVE_TICKET, show__in=shows)
    sold_twice = live.values("show", "seat").annotate(n=Count("pk")).filter(n__gt=1).count()
    print(f"seats_sold_twice={sold_twice}")
    print(f"http_5xx={errors}")
    return 0 if sold_twice == 0 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
