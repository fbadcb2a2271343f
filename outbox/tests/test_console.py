"""Development mail in the console: who, subject and text; no HTML, no PDF bytes; the staff sign-in
code on a line of its own."""

import re

import pytest
from django.urls import reverse

from bookings.tests.factories import confirmed
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def console(settings):
    settings.EMAIL_BACKEND = "outbox.console.EmailBackend"


def test_a_booking_mail_shows_its_recipient_subject_and_text_but_not_its_html_or_pdfs(
    capsys, django_capture_on_commit_callbacks
):
    customer = UserFactory(email="nina@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        booking = confirmed(make_show(), "A1", customer=customer)
    out = capsys.readouterr().out
    assert "To: nina@example.com" in out
    assert f"Subject: [XCounter Cinema] Booking {booking.reference} confirmed" in out
    assert f"/bookings/{booking.reference}/" in out  # the text part
    assert "<html" not in out and "<p" not in out and "%PDF" not in out and "base64" not in out.lower()
    assert f"tickets-{booking.reference}.pdf" in out  # named, so one knows it was attached
    assert len(out) < 3000


def test_the_staff_sign_in_code_stands_on_its_own_marked_line(client, capsys):
    admin = UserFactory(role=Role.ADMIN, email="boss@example.com")
    client.post(reverse("account_login"), {"login": admin.email, "password": PASSWORD})
    out = capsys.readouterr().out
    assert "To: boss@example.com" in out
    code = re.search(r"^Your sign-in code: (\d{6})$", out, re.MULTILINE).group(1)
    response = client.post("/accounts/code/", {"action": "verify", "code": code})
    assert response.status_code == 302 and "_auth_user_id" in client.session
