"""Coupon guessing: every refused code counts, wherever it is typed (live quote, checkout, counter),
per account and per client IP; over the limit no code is looked at, so none can be told apart."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from bookings.tests.factories import held, seats_of
from coupons import services as coupons
from coupons.tests.factories import CouponFactory
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_tiers")]

TOO_MANY = "Too many coupon codes tried"


def checkout(client, booking, code):
    return client.post(
        reverse("bookings:checkout", args=[booking.reference]), {"provider": "box_office", "coupon": code}
    )


def live_quote(client, booking, code, ip="127.0.0.1"):
    url = reverse("bookings:checkout_quote", args=[booking.reference])
    return client.get(url, {"coupon": code}, REMOTE_ADDR=ip).content.decode()


@pytest.fixture
def customer(client, sign_in):
    return sign_in(UserFactory())


def test_wrong_codes_at_checkout_count_once_each_and_then_even_the_real_code_is_refused(client, customer):
    CouponFactory(code="REAL10")
    booking = held(make_show(), "A1", customer=customer)
    for n in range(coupons.GUESSES_ALLOWED):
        page = checkout(client, booking, f"GUESS{n}").content.decode()
        assert f"No coupon has the code “GUESS{n}”" in page and TOO_MANY not in page

    page = checkout(client, booking, "real10").content.decode()
    assert TOO_MANY in page
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD and not hasattr(booking, "coupon_redemption")


def test_wrong_codes_at_the_counter_count_and_then_even_the_real_code_is_refused(client, sign_in):
    CouponFactory(code="REAL10")
    sign_in(UserFactory(role=Role.SALESMAN))
    show = make_show()
    url = reverse("bookings:counter", args=[show.pk])
    sale = {"seat": seats_of(show, "A1"), "method": "cash"}
    for n in range(coupons.GUESSES_ALLOWED):
        page = client.post(url, {**sale, "coupon": f"GUESS{n}"}).content.decode()
        assert "No coupon has the code" in page

    page = client.post(url, {**sale, "coupon": "REAL10"}, follow=True).content.decode()
    assert TOO_MANY in page
    assert not Booking.objects.exists()


def test_codes_that_exist_but_cannot_be_used_count_as_guesses_too(client, customer):
    CouponFactory(
        code="OLD", valid_from=timezone.now() - timedelta(days=9), valid_until=timezone.now() - timedelta(days=1)
    )
    CouponFactory(code="REAL10")
    booking = held(make_show(), "A1", customer=customer)
    for _ in range(coupons.GUESSES_ALLOWED):
        assert "expired on" in live_quote(client, booking, "OLD")
    assert TOO_MANY in live_quote(client, booking, "REAL10")


def test_over_the_limit_an_expired_code_and_an_unknown_code_get_the_same_answer_everywhere(client, customer):
    past = {"valid_from": timezone.now() - timedelta(days=9), "valid_until": timezone.now() - timedelta(days=1)}
    CouponFactory(code="OLD", **past)
    CouponFactory(code="OFF", is_active=False)
    booking = held(make_show(), "A1", customer=customer)
    for n in range(coupons.GUESSES_ALLOWED):
        live_quote(client, booking, f"GUESS{n}")

    codes = ["OLD", "OFF", "NOSUCH"]
    at_checkout = {code: checkout(client, booking, code).context["form"].errors["coupon"] for code in codes}
    live = {code: live_quote(client, booking, code) for code in codes}
    assert TOO_MANY in at_checkout["OLD"][0]
    assert at_checkout["OLD"] == at_checkout["OFF"] == at_checkout["NOSUCH"]
    assert live["OLD"] == live["OFF"] == live["NOSUCH"]


def test_customers_behind_one_ip_share_its_budget_and_another_ip_is_not_affected(client, sign_in):
    CouponFactory(code="REAL10")
    show = make_show()
    per_account = coupons.GUESSES_ALLOWED - 1  # each account stays under its own limit
    accounts = -(-coupons.GUESSES_ALLOWED_PER_IP // per_account)
    for index in range(accounts):
        booking = held(show, f"A{index + 1}", customer=sign_in(UserFactory()))
        for n in range(per_account):
            live_quote(client, booking, f"GUESS{index}X{n}", ip="203.0.113.7")

    booking = held(show, "B1", customer=sign_in(UserFactory()))
    assert TOO_MANY in live_quote(client, booking, "REAL10", ip="203.0.113.7")
    assert "Coupon REAL10 applied" in live_quote(client, booking, "REAL10", ip="198.51.100.2")
