"""The box office day in a real browser: online booking, counter sale, the door."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking, Ticket
from bookings.tests.factories import fill, held
from movies.tests.factories import MovieFactory, auditorium
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, email, axe):
    page.goto(f"{base}/accounts/login/")
    axe(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    axe(page)


def sell(page, link):
    """The staff navbar groups the box office, the door and the bookings under "Sell"."""
    navbar = page.locator(".site-navbar")
    navbar.get_by_role("button", name="Sell", exact=True).click()
    navbar.get_by_role("link", name=link).click()


def seat(page, label):
    return page.get_by_label(re.compile(rf"^Row {label[0]} seat {label[1:]},"))


def test_customer_books_two_seats_salesman_sells_one_and_the_door_scans(browser, live_server, csp_refusals, axe):
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2)  # the door is open
    show = make_show(movie=MovieFactory(title="Winter Harbour", slug="winter-harbour"), starts_at=soon)
    UserFactory(email="mia@example.com", full_name="Mia Kino")
    UserFactory(email="sam@example.com", full_name="Sam Seller", role=Role.SALESMAN)

    # A customer books two seats online on a phone.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = csp_refusals(phone.new_page())
    sign_in(page, live_server.url, "mia@example.com", axe)
    page.goto(f"{live_server.url}/movies/winter-harbour/")
    axe(page)
    page.locator(".show-slot").first.click()
    seat(page, "A1").check()
    seat(page, "C1").check()
    expect(page.locator("[data-seat-summary]")).to_have_text("2 seats")  # the price comes with the quote
    axe(page)
    page.get_by_role("button", name="Hold these seats").click()
    expect(page.get_by_text("Seats held for you")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_text(re.compile(r"Booked! Your reference is XC-"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tickets"))).to_be_visible()
    axe(page)
    phone.close()
    online = Booking.objects.get(customer__email="mia@example.com")
    assert online.status == "confirmed" and online.total == show.price_standard + show.price_vip

    # A salesman sells one seat at the counter; the customer's seats are taken on the map.
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = csp_refusals(desk.new_page())
    sign_in(page, live_server.url, "sam@example.com", axe)
    sell(page, "Box office")
    axe(page)
    page.get_by_role("link", name=re.compile("Winter Harbour")).click()
    expect(seat(page, "A1")).to_be_disabled()
    seat(page, "B2").check()
    page.get_by_label("Card").check()
    axe(page)
    page.get_by_role("button", name="Sell and take payment").click()
    expect(page.get_by_text(re.compile(r"Sold: XC-\w+, 1 ticket\. Print it below\."))).to_be_visible()
    axe(page)
    counter = Booking.objects.get(channel="counter")
    assert counter.payment_status == "paid" and counter.created_by.email == "sam@example.com"

    # The customer pays at the box office with their reference, then the ticket is scanned once.
    sell(page, "Box office")
    page.locator("#reference").fill(online.reference)
    page.get_by_role("button", name="Find booking").click()
    expect(page.get_by_role("button", name="Take payment")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Take payment").click()
    expect(page.get_by_text(f"{online.reference} is paid.")).to_be_visible()
    axe(page)
    code = Ticket.objects.filter(booking=online).first().code
    sell(page, "Door")
    axe(page)
    page.get_by_label("Ticket code").fill(code)
    page.keyboard.press("Enter")
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "valid")
    axe(page)
    page.get_by_label("Ticket code").fill(code)
    page.keyboard.press("Enter")
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "used")
    expect(page.get_by_text("Already used at")).to_be_visible()
    axe(page)
    desk.close()
    assert csp_refusals.refused == []  # seat map, live quote and door ran under the Content-Security-Policy


# --- Seats kept through the sign-in and after a refusal (issue 14, point 13) ---------------


def test_seats_ticked_before_signing_in_are_still_ticked_after(browser, live_server, csp_refusals, axe):
    show = make_show(movie=MovieFactory(title="Winter Harbour", slug="winter-harbour"))
    UserFactory(email="mia@example.com", full_name="Mia Kino")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = csp_refusals(phone.new_page())
    page.goto(f"{live_server.url}/shows/{show.pk}/seats/")
    seat(page, "B2").check()
    seat(page, "B3").check()
    axe(page)
    page.get_by_role("link", name="Sign in to book").click()
    axe(page)
    page.locator("#id_login").fill("mia@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(rf"/shows/{show.pk}/seats/\?"))
    expect(seat(page, "B2")).to_be_checked()
    expect(seat(page, "B3")).to_be_checked()
    expect(seat(page, "A1")).not_to_be_checked()
    axe(page)
    page.get_by_role("button", name="Hold these seats").click()
    expect(page.get_by_text("Seats held for you")).to_be_visible()
    axe(page)
    assert sorted(str(t.seat) for t in Booking.objects.get(customer__email="mia@example.com").tickets.all()) == [
        "B2",
        "B3",
    ]
    phone.close()
    assert csp_refusals.refused == []


def test_after_a_just_taken_refusal_the_seats_still_free_stay_ticked(browser, live_server, csp_refusals, axe):
    show = make_show(movie=MovieFactory(title="Winter Harbour", slug="winter-harbour"))
    UserFactory(email="mia@example.com", full_name="Mia Kino")
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = csp_refusals(desk.new_page())
    sign_in(page, live_server.url, "mia@example.com", axe)
    page.goto(f"{live_server.url}/shows/{show.pk}/seats/")
    for label in ("A1", "A2", "A3"):
        seat(page, label).check()
    held(show, "A2")  # someone else is quicker
    page.get_by_role("button", name="Hold these seats").click()

    expect(page.get_by_text("Sorry, A2 was just taken. Pick again.")).to_be_visible()
    expect(seat(page, "A1")).to_be_checked()
    expect(seat(page, "A3")).to_be_checked()
    expect(seat(page, "A2")).to_be_disabled()
    expect(seat(page, "A2")).not_to_be_checked()
    axe(page)  # the seat map with the refusal
    page.get_by_role("button", name="Hold these seats").click()
    expect(page.get_by_text("Seats held for you")).to_be_visible()
    desk.close()
    assert csp_refusals.refused == []


# --- Sold out and few seats left (issue 14, point 14) --------------------------------------


@pytest.fixture
def three_evenings():
    """One movie, three shows: sold out, two seats left of 24 (few), plenty left."""
    movie = MovieFactory(title="Winter Harbour", slug="winter-harbour")
    hall = auditorium(name="Grand Hall")  # 24 seats
    evening = timezone.localtime().replace(hour=20, minute=0, second=0, microsecond=0) + timedelta(days=1)
    shows = [make_show(movie=movie, auditorium_=hall, starts_at=evening + timedelta(days=n)) for n in range(3)]
    fill(shows[0])
    fill(shows[1], leave=2)
    fill(shows[2], leave=20)
    return shows


def test_sold_out_and_few_seats_left_on_the_movie_page_and_the_schedule(
    browser, live_server, csp_refusals, three_evenings, axe
):
    sold_out, few, plenty = three_evenings
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = csp_refusals(phone.new_page())
    page.goto(f"{live_server.url}/movies/winter-harbour/")
    slots = page.locator(".show-slot")
    expect(slots).to_have_count(3)
    expect(slots.nth(0)).to_contain_text("Sold out")
    expect(slots.nth(1)).to_contain_text("Few seats left")
    expect(slots.nth(2)).not_to_contain_text("Sold out")
    expect(slots.nth(2)).not_to_contain_text("Few seats left")
    axe(page)
    # A sold-out show is not a way into booking: no link, and its seat map sends you back.
    assert slots.nth(0).evaluate("(el) => el.closest('a')") is None
    slots.nth(1).click()
    expect(page).to_have_url(re.compile(rf"/shows/{few.pk}/seats/$"))
    axe(page)
    page.goto(f"{live_server.url}/shows/{sold_out.pk}/seats/")
    expect(page).to_have_url(re.compile(r"/movies/winter-harbour/$"))
    expect(page.get_by_text(re.compile(r"sold out", re.I)).first).to_be_visible()
    axe(page)

    for show, note in ((sold_out, "Sold out"), (few, "Few seats left")):
        page.goto(f"{live_server.url}/schedule/?date={timezone.localtime(show.starts_at).date().isoformat()}")
        row = page.locator(".list-group-item", has_text="Winter Harbour")
        expect(row).to_contain_text(note)
        axe(page)
    expect(page.get_by_role("link", name=re.compile("Seats for Winter Harbour"))).to_have_count(1)
    page.goto(f"{live_server.url}/schedule/?date={timezone.localtime(sold_out.starts_at).date().isoformat()}")
    expect(page.get_by_role("link", name=re.compile("Seats for Winter Harbour"))).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()
    assert csp_refusals.refused == []


def test_box_office_finds_a_show_and_says_how_many_seats_are_left(
    browser, live_server, client, csp_refusals, three_evenings, axe
):
    sold_out, few, plenty = three_evenings
    make_show(movie=MovieFactory(title="Paper Lanterns"), auditorium_=auditorium(name="Studio"))
    sign_in_as(client, UserFactory(role=Role.SALESMAN))
    desk = browser.new_context(viewport={"width": 1024, "height": 900})
    desk.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(desk.new_page())
    page.goto(f"{live_server.url}/box-office/")
    expect(page.locator("[data-show]")).to_have_count(3)  # today and the next two days
    axe(page)
    page.get_by_label("Find a show").fill("harbour")  # a search looks further ahead
    page.get_by_role("button", name="Search").click()
    shows = page.locator("[data-show]")
    expect(shows).to_have_count(3)
    expect(shows.nth(0)).to_contain_text("Sold out")
    expect(shows.nth(1)).to_contain_text("2 seats left")
    expect(shows.nth(2)).to_contain_text("20 seats left")
    axe(page)
    desk.close()
    assert csp_refusals.refused == []
