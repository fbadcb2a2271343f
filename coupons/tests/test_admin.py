"""Django admin never skips the coupon services: no raw coupons or uses, deactivation through the service."""

import pytest

from bookings.tests.factories import confirmed
from coupons.models import Coupon, Redemption
from coupons.services import CouponError, coupon_check, redemption_record
from coupons.tests.factories import CouponFactory
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import admin_action, admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def test_a_coupon_cannot_be_added_in_admin_with_a_code_checkout_would_refuse(client, admin_user):
    response = client.post(
        admin_url(Coupon, "add"),
        {
            "code": " summer 25 ",
            "description": "",
            "percent_off": 10,
            "valid_from_0": "2026-01-01",
            "valid_from_1": "00:00",
            "valid_until_0": "2099-01-01",
            "valid_until_1": "00:00",
            "usage_limit": "",
            "per_customer_limit": 1,
            "min_tickets": 1,
            "is_active": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    assert not Coupon.objects.exists()


def test_coupons_are_not_edited_or_deleted_in_admin(client, admin_user):
    coupon = CouponFactory(code="SPRING", percent_off=10)
    assert client.post(admin_url(Coupon, "change", coupon.pk), {"percent_off": 90}).status_code == 403
    assert client.post(admin_url(Coupon, "delete", coupon.pk), {"post": "yes"}).status_code == 403
    coupon.refresh_from_db()
    assert coupon.percent_off == 10


def test_an_admin_deactivates_a_coupon_through_the_service_and_checkout_refuses_it(client, admin_user):
    coupon = CouponFactory(code="SPRING")
    assert admin_action(client, Coupon, "deactivate", [coupon]).status_code == 302
    with pytest.raises(CouponError, match="no longer active"):
        coupon_check(code="spring", customer=UserFactory(), ticket_count=1)


def test_a_coupon_use_is_neither_added_nor_given_back_in_admin(client, admin_user):
    coupon = CouponFactory(code="ONCE", usage_limit=1)
    booking = confirmed()
    use = redemption_record(coupon=coupon, booking=booking, customer=booking.customer, amount="1.25")
    assert client.post(admin_url(Redemption, "delete", use.pk), {"post": "yes"}).status_code == 403
    admin_action(client, Redemption, "delete_selected", [use], post="yes")  # no such action here
    assert client.post(admin_url(Redemption, "add"), {}).status_code == 403
    assert Redemption.objects.filter(pk=use.pk, released_at__isnull=True).exists()
    with pytest.raises(CouponError, match="used up"):
        coupon_check(code="ONCE", customer=UserFactory(), ticket_count=1)
