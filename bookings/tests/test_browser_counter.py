"""The counter's summary bar in a real browser: a cashier reads it, so it shows only what the
pricing module quoted (tier and coupon included), never a sum of list prices worked out in script."""

import re

import pytest
from playwright.sync_api import expect

from bookings import pricing
from bookings.loyalty import tier_refresh
from bookings.models import Booking
from coupons.tests.factories import CouponFactory
from movies.models import Seat
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from promotions.tests.helpers import give_tickets
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import sign_in_as
from xcounter.money import format_money

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_tiers")]


def seat(page, label):
    return page.get_by_label(re.compile(rf"^Row {label[0]} seat {label[1:]},"))


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desk", "phone"]
)
def test_counter_bar_shows_the_quoted_total_after_tier_and_coupon(
    browser, live_server, client, csp_refusals, viewport, axe
):
    customer = UserFactory(email="silver@example.com", full_name="Sid Silver")
    give_tickets(customer, 100)
    tier_refresh(customer=customer)  # Silver, 5% off
    coupon = CouponFactory(code="TEN", percent_off=10)
    show = make_show(movie=MovieFactory(title="Paper Lanterns"))
    chosen = [Seat.objects.get(auditorium=show.auditorium, row=row, number=1) for row in "AC"]  # €12.50 + €18.00
    with_tier = format_money(pricing.quote(show=show, seats=chosen, customer=customer).total)
    with_coupon = format_money(pricing.quote(show=show, seats=chosen, customer=customer, coupon=coupon).total)
    assert "€30.50" not in (with_tier, with_coupon)  # the list prices before discounts

    sign_in_as(client, UserFactory(role=Role.SALESMAN))
    context = browser.new_context(viewport=viewport)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    page.goto(f"{live_server.url}/box-office/shows/{show.pk}/?customer={customer.pk}")
    summary = page.locator("[data-seat-summary]")
    total = page.locator("[data-quote-total]")
    seat(page, "A1").check()
    seat(page, "C1").check()

    expect(summary).to_have_text("2 seats")
    expect(total).to_have_text(f"Total {with_tier}")
    expect(page.locator("#quote [data-total]")).to_have_text(with_tier)
    axe(page)
    page.get_by_label("Coupon code").fill("ten")
    page.get_by_role("button", name="Apply").click()
    expect(total).to_have_text(f"Total {with_coupon}")
    expect(page.locator(".booking-summary")).not_to_contain_text("€30.50")
    axe(page)

    seat(page, "C1").uncheck()
    expect(summary).to_have_text("1 seat")
    expect(total).not_to_have_text(f"Total {with_coupon}")  # never the total of other seats
    seat(page, "C1").check()
    expect(total).to_have_text(f"Total {with_coupon}")

    page.get_by_role("button", name="Sell and take payment").click()
    expect(page.get_by_text(re.compile(r"Sold: XC-\w+, 2 tickets\. Print them below\."))).to_be_visible()
    axe(page)
    assert format_money(Booking.objects.get(customer=customer, show=show).total) == with_coupon
    assert csp_refusals.refused == []
    context.close()
