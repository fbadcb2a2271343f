"""Mail over real SMTP: a local aiosmtpd server (PDFs and all), and a hung server that must not hold the site."""

import contextlib
import email
import socket
import threading
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from bookings.models import Booking
from bookings.tests.factories import confirmed, seats_of
from movies.tests.factories import show as make_show
from outbox import services
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory
from users.tests.helpers import sign_in_as
from users.tests.test_setup import manage

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def test_confirmation_travels_over_smtp_with_its_pdfs(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1", "A2")
    outbox_row = OutboundEmail.objects.get(to=booking.customer.email)
    assert outbox_row.status == "sent"
    (received,) = smtp_server.messages
    assert received["To"] == booking.customer.email and booking.reference in received["Subject"]
    parts = {part.get_filename(): part for part in received.walk() if part.get_filename()}
    assert set(parts) == {f"tickets-{booking.reference}.pdf", f"invoice-{booking.invoice_number}.pdf"}
    assert all(part.get_payload(decode=True).startswith(b"%PDF") for part in parts.values())
    kinds = {part.get_content_type() for part in received.walk()}
    assert {"text/plain", "text/html", "application/pdf"} <= kinds


class Tarpit:
    """A mail server that accepts connections and never says a word.

    It hangs up after `give_up_after` seconds, only so that a client without a timeout fails the
    test instead of hanging the suite.
    """

    def __init__(self, give_up_after: float = 20):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.give_up_after = give_up_after
        self.held: list[tuple[float, socket.socket]] = []
        self.accepted = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = self.listener.accept()
                self.held.append((time.monotonic(), connection))
                self.accepted += 1
            for since, connection in list(self.held):
                if time.monotonic() - since > self.give_up_after:
                    connection.close()
                    self.held.remove((since, connection))

    def stop(self):
        if self.stopped.is_set():
            return
        self.stopped.set()
        self.thread.join()
        for _, connection in self.held:
            connection.close()
        self.listener.close()


@pytest.fixture
def tarpit(settings):
    server = Tarpit()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    yield server
    server.stop()


def timed(request) -> tuple[float, object]:
    started = time.monotonic()
    response = request()
    return time.monotonic() - started, response


@pytest.fixture
def later_smtp_server(settings):
    """The mail server once it is back: a working aiosmtpd sink on another port."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def deliver_later(settings, tarpit, server):
    """The mail server is back two minutes later: the worker delivers what waited, over SMTP."""
    tarpit.stop()
    settings.EMAIL_PORT = server.port
    # The aiosmtpd thread keeps real time; only the outbox's due times see the clock move.
    with freeze_time(timezone.now() + timedelta(minutes=2), ignore=["asyncio", "aiosmtpd"]):
        call_command("deliver_outbox", verbosity=0)


def check_out(client, customer) -> tuple[float, object]:
    show = make_show()
    client.post(reverse("bookings:hold", args=[show.pk]), {"seat": seats_of(show, "A1")})
    booking = Booking.objects.get(customer=customer)
    took, response = timed(
        lambda: client.post(reverse("bookings:checkout", args=[booking.reference]), {"provider": "box_office"})
    )
    booking.refresh_from_db()
    assert response.status_code == 302 and booking.status == Booking.Status.CONFIRMED
    return took, response


def sign_up(client, address) -> tuple[float, object]:
    client.logout()
    took, response = timed(
        lambda: client.post(
            reverse("account_signup"),
            {
                "full_name": "Nina Kino",
                "email": address,
                "password1": "popcorn-at-nine",
                "password2": "popcorn-at-nine",
            },
        )
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    return took, response


@pytest.mark.django_db(transaction=True)
def test_a_hung_mail_server_holds_checkout_sign_up_and_staff_sign_in_only_seconds(
    client, tarpit, later_smtp_server, settings, default_tiers
):
    settings.EMAIL_DELIVERY = "after_commit"  # the zero-setup default: mail leaves from the web process
    customer = sign_in_as(client, UserFactory())
    took, _ = check_out(client, customer)
    assert took < 5
    assert OutboundEmail.objects.get(to=customer.email).status == "queued"

    took, _ = sign_up(client, "late@example.com")
    assert took < 5
    assert OutboundEmail.objects.get(to="late@example.com").status == "queued"

    client.logout()
    admin = UserFactory(role=Role.ADMIN)
    took, response = timed(lambda: client.post(reverse("account_login"), {"login": admin.email, "password": PASSWORD}))
    assert took < 5 and response["Location"] == reverse("staff_code")
    page = client.get(reverse("staff_code")).content.decode()
    assert "We could not email your code" in page and "We emailed" not in page

    deliver_later(settings, tarpit, later_smtp_server)
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(message["To"] for message in later_smtp_server.messages) == sorted(
        [customer.email, "late@example.com"]
    )


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_no_request_talks_to_the_mail_server(
    client, tarpit, later_smtp_server, settings, default_tiers
):
    settings.EMAIL_DELIVERY = "worker"  # the production default
    customer = sign_in_as(client, UserFactory())
    took, _ = check_out(client, customer)
    assert took < 1
    took, _ = sign_up(client, "late@example.com")
    assert took < 1
    assert tarpit.accepted == 0
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"queued"}

    deliver_later(settings, tarpit, later_smtp_server)
    assert sorted(message["To"] for message in later_smtp_server.messages) == sorted(
        [customer.email, "late@example.com"]
    )


MAIL_SETTINGS = (
    "from django.conf import settings as s; from django.core.mail import get_connection;"
    "print(s.EMAIL_DELIVERY, s.EMAIL_TIMEOUT, get_connection().timeout)"
)
PRODUCTION = {"DEBUG": "False", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "tickets.example.com"}
SMTP = {"EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587"}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (SMTP, "after_commit 10 10"),  # development: no worker needed, but every send is bounded
        ({**PRODUCTION, **SMTP}, "worker 10 10"),  # production: requests never send mail
        ({**PRODUCTION, **SMTP, "EMAIL_TIMEOUT": "4", "EMAIL_DELIVERY": "after_commit"}, "after_commit 4 4"),
    ],
)
def test_mail_is_bounded_by_a_timeout_and_production_leaves_it_to_the_worker(env, expected):
    result = manage("shell", "-c", MAIL_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


class WorkerKilled(BaseException):
    """The worker process dies (SIGKILL, a deploy) — nothing after this point runs."""


class DiesAtGoodbye(SMTPBackend):
    """The real SMTP backend, in a worker killed after the server took the mail, before QUIT."""

    def close(self):
        if self.connection is not None:
            self.connection.close()  # the socket drops with the process
            self.connection = None
            raise WorkerKilled


def test_a_mail_the_server_took_is_recorded_as_sent_before_the_goodbye(smtp_server, settings):
    email = services.outbox_queue(to="x@example.com", subject="Hi", body_text="Hi")
    settings.EMAIL_BACKEND = "outbox.tests.test_smtp.DiesAtGoodbye"
    with pytest.raises(WorkerKilled):
        services.outbox_deliver(email_id=email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with freeze_time(timezone.now() + timedelta(minutes=30), ignore=["asyncio", "aiosmtpd"]):
        services.outbox_deliver_due()  # the next worker finds nothing left to send
    email.refresh_from_db()
    assert email.status == "sent" and len(smtp_server.messages) == 1
