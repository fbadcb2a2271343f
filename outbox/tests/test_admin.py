"""Django admin never skips the outbox: its mail is read-only there, resending calls the service."""

import pytest

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
