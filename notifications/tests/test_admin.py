"""Django admin never skips notify() or the outbox: both are read-only there, resending calls the service."""

import pytest

from notifications import services
from notifications.models import Kind, Notification, OutboundEmail
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def test_a_notice_is_not_written_or_marked_read_in_admin(client, admin_user):
    customer = UserFactory()
    response = client.post(
        admin_url(Notification, "add"),
        {"user": customer.pk, "kind": Kind.BOOKING, "title": "Your booking is free", "body": "", "url": ""},
    )
    assert response.status_code == 403
    assert not Notification.objects.filter(user=customer).exists()
    notice = services.notify(user=customer, kind=Kind.BOOKING, title="Booking confirmed")
    assert client.post(admin_url(Notification, "change", notice.pk), {"read_at_0": "2026-01-01"}).status_code == 403
    notice.refresh_from_db()
    assert notice.read_at is None


def test_outbox_mail_is_only_sent_again_through_the_service(client, admin_user, django_capture_on_commit_callbacks):
    email = services.email_queue(to="x@example.com", subject="Hello", context={"title": "Hello"})
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.FAILED, attempts=5)
    assert client.post(admin_url(OutboundEmail, "change", email.pk), {"status": "sent"}).status_code == 403
    assert client.post(admin_url(OutboundEmail, "add"), {"to": "y@example.com"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, OutboundEmail, "resend", [email])
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
