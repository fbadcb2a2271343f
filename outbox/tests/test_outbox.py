"""Mail is never lost and never sent twice: the outbox retries, gives up visibly, and sends each
row once under its lock, with the same Message-ID on every try."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from bookings.tests.factories import confirmed
from movies.tests.factories import show as make_show
from outbox import services
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class SMTPDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


def test_smtp_down_the_booking_succeeds_and_the_mail_goes_out_later(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "outbox.tests.test_outbox.SMTPDown"
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1")
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    email = OutboundEmail.objects.get(to=booking.customer.email)
    assert (email.status, email.attempts) == ("queued", 1) and "SMTP is down" in email.last_error
    assert email.next_attempt_at > timezone.now()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("deliver_outbox", verbosity=0)
    email.refresh_from_db()
    assert email.status == "queued"  # not due yet: the delay is respected
    with freeze_time(timezone.now() + timedelta(minutes=2)):
        call_command("deliver_outbox", verbosity=0)
    email.refresh_from_db()
    assert email.status == "sent" and len(mail.outbox) == 1


def test_after_the_last_attempt_a_mail_is_failed_and_an_admin_can_resend_it(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "outbox.tests.test_outbox.SMTPDown"
    settings.EMAIL_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=True):
        email = services.outbox_queue(to="x@example.com", subject="Hello", body_text="Hi")
    moment = timezone.now()
    for minutes in (5, 20):
        with freeze_time(moment + timedelta(minutes=minutes)):
            services.outbox_deliver_due()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 3)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.outbox_resend(email=email)
    email.refresh_from_db()
    assert email.status == "sent"


def test_a_mail_stuck_in_sending_is_queued_again():
    email = services.outbox_queue(to="x@example.com", subject="Hi", body_text="Hi")
    OutboundEmail.objects.filter(pk=email.pk).update(
        status="sending", sending_since=timezone.now() - timedelta(hours=1)
    )
    counts = services.outbox_deliver_due()
    email.refresh_from_db()
    assert counts["requeued"] == 1 and email.status == "sent"


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_mail_twice(settings):
    settings.EMAIL_DELIVERY = "worker"
    emails = [services.outbox_queue(to=f"p{n}@example.com", subject="Hi", body_text="Hi") for n in range(10)]
    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait()
            for email in emails:
                results.append(services.outbox_deliver(email_id=email.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("sent") == 10
    assert len(mail.outbox) == 10
    assert OutboundEmail.objects.filter(status="sent").count() == 10


def test_account_and_sign_in_code_mails_have_html_parts(client, mailoutbox):
    from users.tests.factories import PASSWORD

    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Kino",
            "email": "new@example.com",
            "password1": "popcorn-at-nine",
            "password2": "popcorn-at-nine",
        },
    )
    verification = mailoutbox[-1]
    assert verification.alternatives and "Confirm my address" in verification.alternatives[0][0]
    staff = UserFactory(role=Role.ADMIN)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    code_mail = mailoutbox[-1]
    assert "sign-in code" in code_mail.subject and "letter-spacing:6px" in code_mail.alternatives[0][0]


def test_every_try_of_one_mail_carries_the_same_message_id(mailoutbox):
    first = services.outbox_queue(to="x@example.com", subject="Hi", body_text="Hi")
    services.outbox_queue(to="y@example.com", subject="Hi", body_text="Hi")
    services.outbox_deliver_due()
    # A worker died after the server took the mail but before the row said so: it goes again.
    OutboundEmail.objects.filter(pk=first.pk).update(
        status="sending", sending_since=timezone.now() - timedelta(hours=1)
    )
    services.outbox_deliver_due()
    ids = [(message.to[0], message.message()["Message-ID"]) for message in mailoutbox]
    assert len(ids) == 3 and ids[0][0] == ids[2][0] == "x@example.com"
    assert ids[0][1] == ids[2][1] != ids[1][1]
    assert ids[0][1].endswith("@xcounter.test>")


def render_greeting(argument: str) -> tuple[str, str]:
    """A renderer as an app above the outbox names it: the argument is its own business."""
    if argument == "gone":
        raise services.Undeliverable("Nobody to greet any more.")
    return f"Hello {argument}", f"<p>Hello {argument}</p>"


def test_a_mail_with_a_renderer_is_rendered_when_it_is_sent(mailoutbox):
    services.outbox_queue(
        to="ann@example.com", subject="Hi", body_text="", renderer="outbox.tests.test_outbox.render_greeting:Ann"
    )
    assert mailoutbox == []
    services.outbox_deliver_due()
    (sent,) = mailoutbox
    assert sent.body == "Hello Ann" and sent.alternatives[0][0] == "<p>Hello Ann</p>"


def test_a_mail_whose_subject_is_gone_fails_at_once_and_says_why(mailoutbox):
    email = services.outbox_queue(
        to="ann@example.com", subject="Hi", body_text="", renderer="outbox.tests.test_outbox.render_greeting:gone"
    )
    assert services.outbox_deliver_due()["failed"] == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1) and "Nobody to greet" in email.last_error
    assert mailoutbox == []
