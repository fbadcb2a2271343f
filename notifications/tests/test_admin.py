"""Django admin never skips notify(): notices are read-only there."""

import pytest

from notifications import services
from notifications.models import Kind, Notification
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_url

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
