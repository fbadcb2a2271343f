"""A real confirmation over SMTP to a local aiosmtpd server, PDFs and all."""

import email
import socket

import pytest
from aiosmtpd.controller import Controller

from bookings.tests.factories import confirmed
from movies.tests.factories import show as make_show
from notifications.models import OutboundEmail

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
