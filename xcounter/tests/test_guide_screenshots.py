"""The user guides' screenshots (docs/<role>.md): each role's daily round in a real browser.

Every step asserts what its guide says is on the page, then photographs it. The pictures go to a
temporary directory, so `make test` leaves the working tree alone; `make guides` (which sets
UPDATE_GUIDE_SCREENSHOTS=1) writes them to docs/screenshots/ to be committed with the guide.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking, Ticket
from bookings.tests.factories import confirmed, sold_at_counter
from coupons.tests.factories import CouponFactory
from employees.tests.factories import hire
from movies.tests.factories import GenreFactory, MovieFactory, auditorium
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory
from users.tests.helpers import last_code, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_tiers")]

GUIDES = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def shoot(tmp_path, axe):
    """`shoot(page, "<role>-<n>-<what>")` saves the viewport (not the whole page: small files), then
    runs the accessibility check on the page photographed."""
    folder = GUIDES if os.environ.get("UPDATE_GUIDE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    taken = []

    def take(page, name):
        page.wait_for_load_state("networkidle")
        path = folder / f"{name}.png"
        page.screenshot(path=path, animations="disabled", caret="hide")
        assert path.stat().st_size > 5_000  # a real picture, not a blank page
        taken.append(name)
        axe(page)

    take.taken = taken
    return take


@pytest.fixture
def programme():
    """A small theater: three movies, a hall, shows tonight (the door is open) and tomorrow."""
    drama = GenreFactory(name="Drama", slug="drama")
    comedy = GenreFactory(name="Comedy", slug="comedy")
    harbour = MovieFactory(title="Winter Harbour", slug="winter-harbour", genres=[drama], duration_minutes=124)
    MovieFactory(title="Grandma's Robot", slug="grandmas-robot", genres=[comedy])
    MovieFactory(title="Paper Lanterns", slug="paper-lanterns", genres=[drama])
    hall = auditorium(name="Grand Hall")
    soon = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2)
    tomorrow = timezone.localtime().replace(hour=20, minute=15, second=0, microsecond=0) + timedelta(days=1)
    return {
        "tonight": make_show(movie=harbour, auditorium_=hall, starts_at=soon),
        "tomorrow": make_show(movie=harbour, auditorium_=hall, starts_at=tomorrow),
    }


def desktop(browser):
    return browser.new_context(viewport=DESKTOP)


def sign_in(page, base, email, axe, mailoutbox=None):
    """The sign-in form; Moderators and Admins then type the emailed code."""
    page.goto(f"{base}/accounts/login/")
    axe(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if mailoutbox is not None:
        expect(page.get_by_role("heading", name=re.compile("Enter your sign-in code"))).to_be_visible()
        page.locator("#id_code").fill(last_code(mailoutbox))
        page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    axe(page)


def signed_in(browser, live_server, user):
    """A desktop page already past sign-in (and the staff code), for steps the guide does not show."""
    client = Client()
    sign_in_as(client, user)
    context = desktop(browser)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def named(employee, full_name):
    """hire() makes up "Staff personN"; the guides' pictures read better with a person's name."""
    employee.user.full_name = full_name
    employee.user.save(update_fields=["full_name"])
    return employee


def seat(page, label):
    return page.get_by_label(re.compile(rf"^Row {label[0]} seat {label[1:]},"))


def menu(page, group, link):
    """The staff navbar groups pages under "Sell" and "Manage"."""
    navbar = page.locator(".site-navbar")
    navbar.get_by_role("button", name=group, exact=True).click()
    navbar.get_by_role("link", name=link).click()


def test_customer_guide(browser, live_server, programme, shoot, csp_refusals, axe):
    UserFactory(email="mia@example.com", full_name="Mia Kino")
    CouponFactory(code="WELCOME10", percent_off=10)
    context = desktop(browser)
    page = csp_refusals(context.new_page())

    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Now showing")).to_be_visible()
    expect(page.locator(".movie-card .card-title")).to_have_count(3)
    shoot(page, "customer-1-now-showing")

    sign_in(page, live_server.url, "mia@example.com", axe)
    page.goto(f"{live_server.url}/movies/winter-harbour/")
    expect(page.locator(".show-slot")).to_have_count(2)
    axe(page)
    page.locator(".show-slot").last.click()
    seat(page, "C1").check()
    seat(page, "C2").check()
    expect(page.locator("[data-seat-summary]")).to_have_text("2 seats")
    expect(page.get_by_role("button", name="Hold these seats")).to_be_visible()
    shoot(page, "customer-2-seat-map")

    page.get_by_role("button", name="Hold these seats").click()
    expect(page.get_by_text("Seats held for you")).to_be_visible()
    page.get_by_label("Coupon code").fill("WELCOME10")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#quote")).to_contain_text("Coupon WELCOME10 applied.")
    expect(page.get_by_role("button", name="Confirm booking")).to_be_visible()
    shoot(page, "customer-3-checkout")

    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_text(re.compile(r"Booked! Your reference is XC-"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"Tickets \(PDF\)"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"Pay €32\.40 at the box office"))).to_be_visible()
    shoot(page, "customer-4-booked")
    context.close()

    # My bookings on a phone: what the customer shows at the box office and the door.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = csp_refusals(phone.new_page())
    sign_in(page, live_server.url, "mia@example.com", axe)
    page.goto(f"{live_server.url}/bookings/")
    expect(page.get_by_role("heading", name="Your bookings")).to_be_visible()
    expect(page.get_by_text(Booking.objects.get(customer__email="mia@example.com").reference)).to_be_visible()
    shoot(page, "customer-5-my-bookings-phone")
    phone.close()
    assert csp_refusals.refused == []
    assert len(shoot.taken) == 5


def test_salesman_guide(browser, live_server, programme, shoot, csp_refusals, axe):
    UserFactory(email="sam@example.com", full_name="Sam Seller", role=Role.SALESMAN)
    ben = UserFactory(email="ben@example.com", full_name="Ben Walker")
    online = confirmed(programme["tonight"], "A1", "A2", customer=ben)
    context = desktop(browser)
    page = csp_refusals(context.new_page())
    sign_in(page, live_server.url, "sam@example.com", axe)

    menu(page, "Sell", "Box office")
    expect(page.get_by_role("heading", name="Box office")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Winter Harbour")).first).to_be_visible()
    shoot(page, "salesman-1-box-office")

    page.get_by_role("link", name=re.compile("Winter Harbour")).first.click()
    expect(seat(page, "A1")).to_be_disabled()  # sold online
    seat(page, "B2").check()
    seat(page, "B3").check()
    page.get_by_label("Cash").check()
    expect(page.get_by_role("button", name="Sell and take payment")).to_be_visible()
    shoot(page, "salesman-2-counter-sale")

    page.get_by_role("button", name="Sell and take payment").click()
    expect(page.get_by_text(re.compile(r"Sold: XC-\w+, 2 tickets\. Print them below\."))).to_be_visible()
    shoot(page, "salesman-3-sold")

    # Ben booked online and pays here with his reference; then the door lets his ticket in.
    menu(page, "Sell", "Box office")
    page.locator("#reference").fill(online.reference)
    page.get_by_role("button", name="Find booking").click()
    expect(page.get_by_role("button", name="Take payment")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Take payment").click()
    expect(page.get_by_text(f"{online.reference} is paid.")).to_be_visible()
    axe(page)
    menu(page, "Sell", "Door")
    expect(page.get_by_role("heading", name="Door check-in")).to_be_visible()
    axe(page)
    page.get_by_label("Ticket code").fill(Ticket.objects.filter(booking=online).first().code)
    page.keyboard.press("Enter")
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "valid")
    shoot(page, "salesman-4-door")
    context.close()
    assert csp_refusals.refused == []


def test_moderator_guide(browser, live_server, programme, shoot, csp_refusals, mailoutbox, axe):
    moderator = named(hire(Role.MODERATOR, email="mo@example.com"), "Maria Ortega")
    salesman = named(hire(Role.SALESMAN, supervisor=moderator.user, email="sam@example.com"), "Sam Seller")
    sold_at_counter(programme["tonight"], "B1", salesman=salesman.user)
    CouponFactory(code="SPRING5", percent_off=5)
    CouponFactory(code="WELCOME10", percent_off=10)
    context = desktop(browser)
    page = csp_refusals(context.new_page())

    page.goto(f"{live_server.url}/accounts/login/")
    axe(page)
    page.locator("#id_login").fill("mo@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name=re.compile("Enter your sign-in code"))).to_be_visible()
    shoot(page, "moderator-1-sign-in-code")
    page.locator("#id_code").fill(last_code(mailoutbox))
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Moderator dashboard")).to_be_visible()
    axe(page)

    menu(page, "Manage", "Shows")
    expect(page.get_by_role("heading", name="Shows")).to_be_visible()
    axe(page)
    day = timezone.localtime(programme["tomorrow"].starts_at).date().isoformat()
    page.goto(f"{live_server.url}/manage/shows/?date={day}")
    expect(page.get_by_role("heading", name="Shows")).to_be_visible()
    expect(page.get_by_role("link", name="Schedule a show")).to_be_visible()
    expect(page.get_by_text("Winter Harbour").first).to_be_visible()
    shoot(page, "moderator-2-shows")

    menu(page, "Manage", "Coupons")
    expect(page.get_by_role("heading", name="Coupons")).to_be_visible()
    expect(page.get_by_role("link", name="SPRING5")).to_be_visible()
    expect(page.get_by_role("link", name="New coupon")).to_be_visible()
    shoot(page, "moderator-3-coupons")

    menu(page, "Manage", "Your salesmen")
    expect(page.get_by_role("heading", name="Your salesmen")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=salesman.user.get_full_name()).click()
    expect(page.get_by_label("Entry")).to_be_visible()
    axe(page)
    page.get_by_label("Entry").select_option("bonus")
    page.get_by_label("Amount").fill("50.00")
    page.get_by_label("From / for month of").fill(timezone.localdate().isoformat())
    page.get_by_label("Reason").fill("Busy premiere weekend")
    page.get_by_role("button", name="Add to the ledger").click()
    expect(page.get_by_text("Salary entry added")).to_be_visible()
    expect(page.get_by_text("Busy premiere weekend")).to_be_visible()
    shoot(page, "moderator-4-salary-entry")
    context.close()
    assert csp_refusals.refused == []


def test_admin_guide(browser, live_server, programme, shoot, csp_refusals, axe):
    admin = UserFactory(email="ada@example.com", full_name="Ada Admin", role=Role.ADMIN)
    moderator = named(hire(Role.MODERATOR, email="mo@example.com"), "Maria Ortega")
    sam = named(hire(Role.SALESMAN, supervisor=moderator.user, email="sam@example.com"), "Sam Seller")
    # Today's sales for the dashboard's figures and charts: at the counter and online.
    sold_at_counter(programme["tonight"], "A1", "A2", "A3", salesman=sam.user)
    confirmed(programme["tomorrow"], "B4", "B5")
    context, page = signed_in(browser, live_server, admin)
    page = csp_refusals(page)

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Admin dashboard")).to_be_visible()
    expect(page.locator("[data-kpi=tickets] [data-value]")).to_have_text("5")
    expect(page.locator("canvas[data-chart=chart-sales][data-drawn=true]")).to_be_visible()
    expect(page.get_by_role("link", name="Open Django admin")).to_be_visible()
    shoot(page, "admin-1-dashboard")

    menu(page, "Manage", "Movies")
    expect(page.get_by_role("heading", name="Movies")).to_be_visible()
    expect(page.get_by_role("link", name="Add a movie")).to_be_visible()
    expect(page.get_by_text("Winter Harbour").first).to_be_visible()
    shoot(page, "admin-2-movies")

    menu(page, "Manage", "Auditoriums")
    expect(page.get_by_role("link", name="Grand Hall").first).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Grand Hall").first.click()
    expect(page.get_by_role("heading", name="Grand Hall")).to_be_visible()
    shoot(page, "admin-3-auditorium-layout")

    menu(page, "Manage", "Employees")
    expect(page.get_by_role("heading", name="Employees")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Invite").click()
    expect(page.get_by_role("heading", name="Invite an employee")).to_be_visible()
    page.get_by_label("Full name").fill("Lena Counter")
    page.get_by_label("Email").fill("lena@example.com")
    expect(page.get_by_role("button", name="Send invitation")).to_be_visible()
    shoot(page, "admin-4-invite")
    context.close()
    assert csp_refusals.refused == []
