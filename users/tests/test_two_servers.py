"""Two application servers behind one load balancer, as README "More than one server" describes:
two gunicorns with the production settings and the same SECRET_KEY on this test's database and
one Redis. The clients speak to either server as the load balancer would send them (plain HTTP
with X-Forwarded-Proto and the client's address appended to X-Forwarded-For), and what one server
did must hold on the other at once."""

import http.client
import re
import secrets
import subprocess
import sys
import threading
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_email.models import EmailDevice

from bookings.models import ACTIVE_TICKET, Ticket
from movies.models import Movie
from movies.tests.factories import MovieFactory, show
from users.tests.factories import PASSWORD, AdminFactory, UserFactory
from users.tests.test_deploy import (  # noqa: F401 (static_root is a fixture)
    HOST,
    ROOT,
    customer,
    database_url,
    exchange,
    free_port,
    production_env,
    static_root,
    stop,
    wait_for_port,
)

# A Redis database of its own, emptied before each test: nothing else's keys, nothing left over.
REDIS_URL = "redis://127.0.0.1:6379/14"
SECRET_KEY = secrets.token_urlsafe(60)  # the same on every server, as it must be

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def servers(static_root, django_db_setup, django_db_blocker, tmp_path_factory):  # noqa: F811
    """Two gunicorns (two workers each) as deploy/gunicorn.conf.py runs them, on one database and
    one Redis; started once for the module, the database emptied between tests as usual."""
    with django_db_blocker.unblock():
        url = database_url()
    env = production_env(
        DJANGO_SETTINGS_MODULE="xcounter.settings.production",
        SECRET_KEY=SECRET_KEY,
        SITE_URL=f"https://{HOST}",
        DEFAULT_FROM_EMAIL="XCounter <tickets@example.com>",
        DATABASE_URL=url,
        REDIS_URL=REDIS_URL,
        CONN_MAX_AGE="0",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        STATIC_ROOT=str(static_root),
    )
    started = []
    try:
        for name in ("a", "b"):
            port, log = free_port(), tmp_path_factory.mktemp(f"server-{name}") / "gunicorn.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
                    + ["--bind", f"127.0.0.1:{port}", "--workers", "2"],
                    cwd=ROOT,
                    env=env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            started.append((process, port, log))
        for process, port, log in started:
            wait_for_port(port, process, log)
        yield [port for _, port, _ in started]
    finally:
        for process, _, _ in started:
            stop(process)


@pytest.fixture
def shared_cache():
    """The servers' Redis, empty at the start of each test."""
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def a_and_b(servers, shared_cache):
    return servers


class Browser:
    """One person's browser behind the load balancer: its own cookies, its own address."""

    def __init__(self, address="203.0.113.10"):
        self.address, self.cookies = address, {}

    def request(self, port, method, path, fields=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sent = {
            "Host": HOST,
            # What the load balancer adds: TLS ended there, and the client's address appended.
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            **(headers or {}),
        }
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            sent.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}{path}",
                }
            )
        response, content = exchange(conn, self.cookies, method, path, body, sent)
        return response, content.decode()

    def post(self, port, path, fields):
        """A form post with a CSRF token (the cookie's secret, as a page would carry it)."""
        self.cookies.setdefault("csrftoken", secrets.token_hex(16))
        return self.request(port, "POST", path, {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]})

    def sign_in(self, port, email, password):
        _, page = self.request(port, "GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(
            port, "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "login": email, "password": password}
        )


def signed_in(user) -> Browser:
    """A browser with a session for `user` made directly in the shared database (as `bench/` does),
    so that allauth's sign-in limits do not get in the way; staff have passed their code."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    if user.needs_two_factor:
        device = EmailDevice.objects.create(user=user, name="sign-in", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    with override_settings(SECRET_KEY=SECRET_KEY):  # the servers' key signs the data and the user's hash
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
    browser = Browser()
    browser.cookies["sessionid"] = session.session_key
    return browser


def test_a_session_made_on_one_server_works_on_the_other(a_and_b):
    a, b = a_and_b
    nina = customer("nina@example.com")
    browser = Browser()

    response, _ = browser.sign_in(a, "nina@example.com", PASSWORD)
    assert (response.status, response.getheader("Location")) == (302, "/dashboard/")

    # The next request lands on the other server: still Nina, no second sign-in.
    response, page = browser.request(b, "GET", "/dashboard/customer/")
    assert response.status == 200
    assert nina.full_name in page or "nina@example.com" in page

    # Signing out on B ends the session on A too.
    response, _ = browser.post(b, "/accounts/logout/", {})
    assert response.status == 302
    response, _ = browser.request(a, "GET", "/dashboard/customer/")
    assert response.status == 302
    assert response.getheader("Location").startswith("/accounts/login/")


def test_a_catalog_change_on_one_server_is_seen_on_the_other_at_once(a_and_b, shared_cache):
    a, b = a_and_b
    movie = MovieFactory(title="Winter Harbour", slug="winter-harbour")
    admin = signed_in(AdminFactory())
    visitor = Browser("203.0.113.20")

    # Both servers have served (and cached) the listing and the movie's page.
    for port in (a, b):
        response, page = visitor.request(port, "GET", "/")
        assert response.status == 200 and "Winter Harbour" in page
        response, page = visitor.request(port, "GET", "/movies/winter-harbour/")
        assert response.status == 200 and "Winter Harbour" in page
    assert shared_cache.keys("*catalog:*"), "the catalog cache lives in the shared Redis"

    # The admin archives the movie through server A …
    response, _ = admin.post(a, f"/manage/movies/{movie.pk}/archive/", {})
    assert response.status == 302
    movie.refresh_from_db()
    assert movie.status == Movie.Status.ARCHIVED

    # … and server B's next answer no longer shows it: no stale page from its cache.
    response, page = visitor.request(b, "GET", "/")
    assert response.status == 200 and "Winter Harbour" not in page
    response, _ = visitor.request(b, "GET", "/movies/winter-harbour/")
    assert response.status == 404


def test_a_seat_race_split_across_both_servers_sells_the_seat_once(a_and_b):
    servers = a_and_b
    the_show = show()
    seat = the_show.auditorium.seats.order_by("pk").first()
    customers = [signed_in(UserFactory()) for _ in range(10)]
    start = threading.Barrier(len(customers))
    results = [None] * len(customers)

    def hold(n, browser):
        try:
            start.wait(timeout=30)
            response, _ = browser.post(servers[n % 2], f"/shows/{the_show.pk}/hold/", {"seat": [seat.pk]})
            results[n] = (response.status, response.getheader("Location") or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=hold, args=(n, browser)) for n, browser in enumerate(customers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(status == 302 for status, _ in results), results  # every customer got an answer, no 5xx
    won = [n for n, (_, location) in enumerate(results) if "/checkout/" in location]
    assert len(won) == 1, results
    # Everyone else is sent back to the seat map on whichever server they were on.
    assert all(f"/shows/{the_show.pk}/" in location for n, (_, location) in enumerate(results) if n not in won)
    assert Ticket.objects.filter(ACTIVE_TICKET, show=the_show, seat=seat).count() == 1


def test_failed_sign_ins_count_across_both_servers(a_and_b):
    a, b = a_and_b
    customer("nina@example.com")

    # Five wrong passwords for Nina's account (5 per 5 minutes), alternating between the servers …
    guesser = Browser("198.51.100.7")
    for n in range(5):
        response, page = guesser.sign_in((a, b)[n % 2], "nina@example.com", "wrong-password")
        assert response.status == 200 and "not correct" in page
    # … and the account takes no more attempts on either, not even the right password.
    for port in (a, b):
        response, page = guesser.sign_in(port, "nina@example.com", PASSWORD)
        assert "Too many failed login attempts" in page

    # Ten failures from one address (10 a minute), split between the servers, stop that address.
    attacker = Browser("198.51.100.8")
    for n in range(10):
        response, page = attacker.sign_in((a, b)[n % 2], f"guess{n}@example.com", "wrong-password")
        assert response.status == 200 and "not correct" in page
    for port in (a, b):
        response, page = attacker.sign_in(port, "guess10@example.com", "wrong-password")
        assert "Too many failed login attempts" in page


def test_wrong_staff_codes_count_across_both_servers(a_and_b):
    """An Admin's wrong sign-in codes are counted per account for an hour (15), across sign-ins:
    on two servers the count is one count."""
    servers = a_and_b
    admin = AdminFactory(email="ann@example.com")
    admin.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    admin.save(update_fields=["password"])

    def wrong_code_after_signing_in(port):
        browser = Browser("198.51.100.9")
        response, _ = browser.sign_in(port, "ann@example.com", PASSWORD)
        assert response.getheader("Location") == "/accounts/code/"
        device = EmailDevice.objects.get(user=admin)
        wrong = f"{(int(device.token) + 1) % 1_000_000:06d}"
        return browser.post(port, "/accounts/code/", {"action": "verify", "code": wrong})

    # Fourteen sign-ins, each with one wrong code, taking turns on the two servers …
    for n in range(settings.STAFF_OTP_MAX_FAILURES_PER_HOUR - 1):
        response, page = wrong_code_after_signing_in(servers[n % 2])
        assert "That code is not right. 4 attempts left." in page
    # … and the fifteenth, on either server, locks the account's codes for the hour.
    response, page = wrong_code_after_signing_in(servers[1])
    assert "Too many wrong codes for this account in the last hour" in page
