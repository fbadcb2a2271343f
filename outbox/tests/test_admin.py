"""Django admin never skips the outbox: its mail is read-only there, resending calls the service."""

import re

import pytest
from django.urls import reverse

from outbox import services
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def test_outbox_mail_is_only_sent_again_through_the_service(client, admin_user, django_capture_on_commit_callbacks):
    email = services.outbox_queue(to="x@example.com", subject="Hello", body_text="Hello")
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.FAILED, attempts=5)
    assert client.post(admin_url(OutboundEmail, "change", email.pk), {"status": "sent"}).status_code == 403
    assert client.post(admin_url(OutboundEmail, "add"), {"to": "y@example.com"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, OutboundEmail, "resend", [email])
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_account_mail_is_never_shown_in_admin_and_erased_once_sent(client, admin_user, settings, mailoutbox):
    """A password-reset link read by anyone signs them in as its owner: Admins never see it."""
    settings.EMAIL_DELIVERY = "worker"
    customer = UserFactory(role=Role.CUSTOMER, email="mia@example.com")
    client.post(reverse("account_reset_password"), {"email": customer.email})
    email = OutboundEmail.objects.get(to=customer.email)
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", email.body_text).group(0)
    assert email.confidential
    assert link not in client.get(admin_url(OutboundEmail, "change", email.pk)).content.decode()
    assert services.outbox_deliver(email_id=email.pk) == "sent"
    email.refresh_from_db()
    assert email.body_text == email.body_html == ""
    assert link in mailoutbox[-1].body  # the customer got it all the same


def test_other_mail_stays_readable_in_admin(client, admin_user):
    email = services.outbox_queue(to="x@example.com", subject="Your booking", body_text="Row E, seat 2")
    assert "Row E, seat 2" in client.get(admin_url(OutboundEmail, "change", email.pk)).content.decode()
