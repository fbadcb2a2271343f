"""A Silver customer applies a coupon at checkout and sees both discounts, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from bookings.loyalty import tier_refresh
from bookings.models import Booking
from coupons.models import Coupon
from coupons.tests.factories import CouponFactory
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from promotions.tests.helpers import give_tickets
from users.tests.factories import PASSWORD, ModeratorFactory, UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_tiers")]


def test_coupon_applied_live_with_the_tier_discount(browser, live_server, axe):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    customer = UserFactory(email="silver@example.com")
    give_tickets(customer, 100)
    tier_refresh(customer=customer)  # Silver, 5%
    CouponFactory(code="WELCOME10", percent_off=10)
    CouponFactory(code="ONLYBIG", percent_off=50, min_tickets=4)
    show = make_show(movie=MovieFactory(title="Paper Lanterns", slug="paper-lanterns"))

    page.goto(f"{live_server.url}/accounts/login/")
    axe(page)
    page.locator("#id_login").fill("silver@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    axe(page)
    page.goto(f"{live_server.url}/shows/{show.pk}/seats/")
    page.get_by_label(re.compile(r"^Row A seat 1,")).check()
    page.get_by_label(re.compile(r"^Row A seat 2,")).check()
    axe(page)
    page.get_by_role("button", name="Hold these seats").click()

    quote = page.locator("#quote")
    expect(quote).to_contain_text("Silver member discount (5%)")
    expect(quote).to_contain_text("€23.75")  # 25.00 − 1.25
    axe(page)

    # A refused code says why, without leaving the page.
    url_before = page.url
    page.get_by_label("Coupon code").fill("onlybig")
    page.get_by_role("button", name="Apply").click()
    expect(quote).to_contain_text("needs at least 4 tickets")
    assert page.url == url_before
    axe(page)  # the refusal in the quote

    page.get_by_label("Coupon code").fill(" welcome10 ")
    page.keyboard.press("Enter")  # Enter applies, it does not submit
    expect(quote).to_contain_text("Coupon WELCOME10 applied.")
    expect(quote.locator("[data-discount=tier]")).to_contain_text("−€1.25")
    expect(quote.locator("[data-discount=coupon]")).to_contain_text("−€2.38")  # 10% of 23.75 = 2.375
    expect(quote.locator("[data-total]")).to_have_text("€21.37")
    axe(page)

    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_text(re.compile("Booked!"))).to_be_visible()
    expect(page.get_by_text("Coupon WELCOME10 (10%)")).to_be_visible()
    axe(page)
    booking = Booking.objects.get(customer=customer, show=show)
    assert str(booking.total) == "21.37"
    context.close()


def test_deleting_a_coupon_asks_first_under_the_content_security_policy(
    browser, live_server, client, csp_refusals, axe
):
    CouponFactory(code="SPRING5")
    sign_in_as(client, ModeratorFactory())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    response = page.goto(f"{live_server.url}/manage/coupons/")
    assert "default-src 'self'" in response.headers["content-security-policy"]  # no inline script allowed
    axe(page)

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("link", name="SPRING5")).to_be_visible()
    assert asked == ["Delete SPRING5?"]
    assert Coupon.objects.filter(code="SPRING5").exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("link", name="SPRING5")).to_have_count(0)
    axe(page)
    assert not Coupon.objects.filter(code="SPRING5").exists()
    assert csp_refusals.refused == []
    context.close()
