"""Coupon pages for Moderators and Admins, the live check, and the customer's loyalty card."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.tests.factories import confirmed, held
from coupons.models import Coupon
from coupons.tests.factories import CouponFactory
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_tiers")]

PAGES = ["coupons:list", "coupons:create", "coupons:edit"]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", PAGES)
def test_coupon_pages_are_for_moderators_and_admins(client, sign_in, role, name):
    coupon = CouponFactory()
    sign_in(UserFactory(role=role))
    url = reverse(name, args=[coupon.pk]) if name == "coupons:edit" else reverse(name)
    assert client.get(url).status_code == (200 if role in (Role.ADMIN, Role.MODERATOR) else 403)


@pytest.fixture
def moderator(client, sign_in):
    return sign_in(UserFactory(role=Role.MODERATOR))


def form(**overrides):
    now = timezone.localtime()
    data = {
        "code": " summer 25 ",
        "description": "Summer",
        "percent_off": "25",
        "valid_from": now.strftime("%Y-%m-%dT%H:%M"),
        "valid_until": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "usage_limit": "100",
        "per_customer_limit": "1",
        "min_tickets": "1",
        "is_active": "on",
    }
    return {**data, **overrides}


def test_moderator_creates_a_coupon_with_a_normalised_code(client, moderator):
    client.post(reverse("coupons:create"), form())
    coupon = Coupon.objects.get()
    assert (coupon.code, coupon.percent_off, coupon.created_by) == ("SUMMER25", 25, moderator)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"percent_off": "0"}, "greater than or equal to 1"),
        ({"percent_off": "101"}, "less than or equal to 100"),
        ({"valid_until": "2020-01-01T00:00"}, "The end must come after the start."),
        ({"code": "50%-OFF!"}, "Use only letters and digits."),
        ({"code": "taken"}, "A coupon TAKEN already exists."),
        ({"valid_from": "soon"}, "Enter a valid date/time."),
        ({"valid_from": "0001-01-01T00:00"}, "Choose a date between 2000 and 2099."),
    ],
)
def test_bad_coupon_input_is_explained(client, moderator, overrides, message):
    CouponFactory(code="TAKEN")
    response = client.post(reverse("coupons:create"), form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Coupon.objects.count() == 1


def test_list_shows_uses_and_what_is_left(client, moderator):
    coupon = CouponFactory(code="FEW", usage_limit=3)
    confirmed_booking = held(make_show(), "A1")
    from bookings import services
    from bookings.payments import PayAtBoxOffice

    services.booking_confirm(
        booking=confirmed_booking, provider=PayAtBoxOffice(), by=confirmed_booking.customer, coupon_code="few"
    )
    listed = {c.code: (c.uses, c.left) for c in client.get(reverse("coupons:list")).context["page"]}
    assert listed["FEW"] == (1, 2)
    assert coupon.redemptions.count() == 1


def test_editing_a_used_coupons_discount_is_refused_on_the_page(client, moderator):
    coupon = CouponFactory(code="USED", percent_off=10)
    from bookings import services
    from bookings.payments import PayAtBoxOffice

    booking = held(make_show(), "A1")
    services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=booking.customer, coupon_code="USED")
    response = client.post(reverse("coupons:edit", args=[coupon.pk]), form(code="USED", percent_off="50"))
    assert "its code and discount are fixed" in response.content.decode()
    coupon.refresh_from_db()
    assert coupon.percent_off == 10


def test_deleting_a_used_coupon_deactivates_it(client, moderator):
    coupon = CouponFactory(code="USED")
    booking = confirmed(make_show(), "A1")
    from coupons.models import Redemption

    Redemption.objects.create(coupon=coupon, booking=booking, amount=1)
    response = client.post(reverse("coupons:delete", args=[coupon.pk]), follow=True)
    assert "deactivated instead" in response.content.decode()
    coupon.refresh_from_db()
    assert not coupon.is_active


def test_live_check_at_checkout_shows_the_discount_or_the_reason(client, sign_in):
    customer = sign_in(UserFactory())
    CouponFactory(code="TEN", percent_off=10)
    CouponFactory(code="LATER", valid_from=timezone.now() + timedelta(days=3))
    booking = held(make_show(), "A1", "A2", customer=customer)
    url = reverse("bookings:checkout_quote", args=[booking.reference])
    good = client.get(url, {"coupon": " ten "}).content.decode()
    assert "Coupon TEN applied." in good and "Coupon TEN (10%)" in good and "€22.50" in good
    assert "is valid from" in client.get(url, {"coupon": "later"}).content.decode()
    assert "No coupon has the code “NOPE”." in client.get(url, {"coupon": "nope"}).content.decode()


def test_customer_dashboard_shows_tier_and_progress(client, sign_in):
    from bookings.loyalty import tier_refresh
    from promotions.tests.helpers import give_tickets

    customer = sign_in(UserFactory())
    give_tickets(customer, 320)
    tier_refresh(customer=customer)
    body = client.get(reverse("dashboard:customer")).content.decode()
    assert "Gold" in body and "10% off every booking" in body
    assert "320 tickets in the last 12 months" in body
    assert "180 more tickets to reach <strong>Platinum</strong>" in body


def test_counter_screen_prices_with_the_customers_tier_and_a_coupon(client, sign_in):
    from bookings.loyalty import tier_refresh
    from bookings.tests.factories import seats_of
    from promotions.tests.helpers import give_tickets

    sign_in(UserFactory(role=Role.SALESMAN))
    regular = UserFactory()
    give_tickets(regular, 500)
    tier_refresh(customer=regular)  # Platinum, 20%
    CouponFactory(code="TEN", percent_off=10)
    show = make_show()
    url = reverse("bookings:counter_quote", args=[show.pk])
    body = client.get(url, {"seat": seats_of(show, "C1"), "customer": regular.pk, "coupon": "ten"}).content.decode()
    # 18.00 → Platinum 20% = 3.60 → 14.40 → coupon 10% = 1.44 → 12.96
    assert "Platinum member discount (20%)" in body and "−€3.60" in body
    assert "Coupon TEN (10%)" in body and "−€1.44" in body and "€12.96" in body
    walk_in = client.get(url, {"seat": seats_of(show, "C1"), "coupon": "nope"}).content.decode()
    assert "No coupon has the code" in walk_in and "€18.00" in walk_in


def test_invoice_pdf_has_a_line_per_discount(client, sign_in):
    from io import BytesIO

    from pypdf import PdfReader

    from bookings import services
    from bookings.loyalty import tier_refresh
    from bookings.payments import PayAtBoxOffice
    from promotions.tests.helpers import give_tickets

    customer = sign_in(UserFactory())
    give_tickets(customer, 300)
    tier_refresh(customer=customer)  # Gold
    CouponFactory(code="TEN", percent_off=10)
    booking = held(make_show(), "A1", customer=customer)
    services.booking_confirm(booking=booking, provider=PayAtBoxOffice(), by=customer, coupon_code="TEN")
    pdf = client.get(reverse("bookings:invoice_pdf", args=[booking.reference])).content
    text = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "Gold member discount (10%)\n−€1.25" in text and "Coupon TEN (10%)\n−€1.13" in text  # a real minus
    assert "Total\n€10.12" in text  # 12.50 − 1.25 − 1.125→1.13
