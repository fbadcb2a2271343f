"""The seat map with the keyboard alone, as a screen reader user books (issue 18): the map is one Tab
stop, the arrow keys move between free seats, Space and Enter tick, the live summary says the count,
and "Hold these seats" is the next stop after the map. Also: the seat colours stay readable."""

import re

import pytest
from playwright.sync_api import expect

from bookings.models import Booking
from bookings.tests.factories import held
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The test hall (movies.tests.factories.auditorium): rows A and B standard, row C VIP and two
# wheelchair places; a gangway after the fourth seat of every row.
FOCUSED = "() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim()"


def signed_in_page(browser, live_server, client, user):
    sign_in_as(client, user)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def focused(page):
    return page.evaluate(FOCUSED)


def tab_into_the_map(page):
    """Tab from the top of the page until a seat has the focus; every stop on the way, in order."""
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if page.evaluate("() => document.activeElement.name === 'seat'"):
            return stops
    raise AssertionError(f"Tab never reached the seat map: {stops}")


def test_a_customer_books_two_seats_with_the_keyboard_alone(browser, live_server, client, csp_refusals, axe):
    show = make_show(movie=MovieFactory(title="Winter Harbour"))
    held(show, "A1")  # taken: the map's one Tab stop is the first free seat
    mia = UserFactory(email="mia@example.com")
    context, page = signed_in_page(browser, live_server, client, mia)
    page = csp_refusals(page)
    page.goto(f"{live_server.url}/shows/{show.pk}/seats/")
    summary = page.locator("[data-seat-summary]")
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_have_text("No seats chosen yet")

    tab_into_the_map(page)
    assert focused(page) == "Row A seat 2, Standard, €12.50"
    page.keyboard.press("ArrowRight")
    assert focused(page) == "Row A seat 3, Standard, €12.50"
    page.keyboard.press("ArrowDown")
    assert focused(page) == "Row B seat 3, Standard, €12.50"
    page.keyboard.press("Space")
    expect(summary).to_have_text("1 seat")  # what the screen reader hears
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # over the gangway
    assert focused(page) == "Row B seat 5, Standard, €12.50"
    page.keyboard.press("Space")
    expect(summary).to_have_text("2 seats")
    page.keyboard.press("ArrowDown")
    assert focused(page) == "Row C seat 5, VIP, €18.00"
    page.keyboard.press("Enter")  # Enter ticks too, and does not send the form
    expect(summary).to_have_text("3 seats")
    page.keyboard.press("Enter")
    expect(summary).to_have_text("2 seats")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Home")
    assert focused(page) == "Row A seat 2, Standard, €12.50"  # A1 is taken: the row starts at A2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    assert focused(page) == "Row B seat 3, Standard, €12.50"
    assert page.url.endswith(f"/shows/{show.pk}/seats/")
    axe(page)

    # Tab leaves the map at once, and "Hold these seats" comes within three stops.
    presses = 0
    while focused(page) != "Hold these seats" and presses < 3:
        page.keyboard.press("Tab")
        presses += 1
    assert focused(page) == "Hold these seats", f"after {presses} Tab presses: {focused(page)}"
    # Shift+Tab goes back to the seat last visited, the map's one stop.
    for _ in range(presses):
        page.keyboard.press("Shift+Tab")
    assert focused(page) == "Row B seat 3, Standard, €12.50"
    assert page.locator("label.seat input[tabindex='0']").count() == 1

    for _ in range(presses):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Seats held for you")).to_be_visible()
    booking = Booking.objects.get(customer=mia)
    assert sorted(str(ticket.seat) for ticket in booking.tickets.all()) == ["B3", "B5"]
    axe(page)
    context.close()
    assert csp_refusals.refused == []


def test_a_salesman_sells_at_the_counter_with_the_keyboard_alone(browser, live_server, client, csp_refusals, axe):
    show = make_show(movie=MovieFactory(title="Paper Lanterns"))
    context, page = signed_in_page(browser, live_server, client, UserFactory(role=Role.SALESMAN))
    page = csp_refusals(page)
    page.goto(f"{live_server.url}/box-office/shows/{show.pk}/")
    stops = tab_into_the_map(page)
    assert focused(page) == "Row A seat 1, Standard, €12.50"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    assert focused(page) == "Row C seat 8, Accessible (wheelchair), €9.50"
    page.keyboard.press("Space")
    expect(page.locator("[data-seat-summary]")).to_have_text("1 seat")
    expect(page.locator("[data-quote-total]")).to_have_text("Total €9.50")
    axe(page)

    # Out of the map and on to the payment and the sale, still by keyboard.
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page) in ("Card", "Cash"):
            break
    page.keyboard.press("Space")
    for _ in range(30):
        page.keyboard.press("Tab")
        if focused(page) == "Sell and take payment":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Sold: XC-\w+, 1 ticket\. Print it below\."))).to_be_visible()
    assert len([stop for stop in stops if stop.startswith("Row ")]) == 1  # one stop for the whole map
    axe(page)
    context.close()
    assert csp_refusals.refused == []


# White seat numbers are 9.6 px: they need 4.5:1 on every seat colour (WCAG 1.4.3). axe-core cannot
# judge them (the invisible checkbox lies on top of the number), so the colours are measured here.
CONTRAST = """(selector) => {
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = (css) => {
    const [r, g, b] = css.match(/\\d+(\\.\\d+)?/g).map(Number);
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const seat = document.querySelector(selector);
  const style = getComputedStyle(seat);
  const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


def test_seat_numbers_and_the_wheelchair_sign_read_at_4_5_to_1(browser, live_server, axe):
    show = make_show(movie=MovieFactory(title="Winter Harbour"))
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/shows/{show.pk}/seats/")
    axe(page)
    free = ":not([class*='state-'])"  # a free seat's label has no state class
    for category, seat in (
        ("standard", f"label.seat:not(.seat-vip, .seat-accessible){free}"),
        ("vip", f"label.seat.seat-vip{free}"),
        ("accessible", f"label.seat.seat-accessible{free}"),
    ):
        ratio = page.evaluate(CONTRAST, seat)
        assert ratio >= 4.5, f"{category} seats: {ratio:.2f}:1"
    context.close()
