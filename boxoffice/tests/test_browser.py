"""A salesman's shift at the counter in a real browser: open the till with a float, sell for cash
and for card, refund one sale, close with a short count and see the variance."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from boxoffice.models import TillSession
from movies.tests.factories import MovieFactory
from movies.tests.factories import show as make_show
from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_tiers")]

SHOTS = Path("test-results/boxoffice")


def seat(page, label):
    return page.get_by_label(re.compile(rf"^Row {label[0]} seat {label[1:]},"))


def sell(page, base, show, labels, method):
    page.goto(f"{base}/box-office/shows/{show.pk}/")
    for label in labels:
        seat(page, label).check()
    page.get_by_label(method).check()
    page.get_by_role("button", name="Sell and take payment").click()
    expect(page.get_by_text(re.compile(r"Sold: XC-\w+"))).to_be_visible()


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_a_shift_at_the_counter(browser, live_server, client, csp_refusals, axe, viewport, request):
    show = make_show(movie=MovieFactory(title="Night Tram"))
    cashier = UserFactory(role=Role.SALESMAN, full_name="Sam Seller")
    sign_in_as(client, cashier)
    context = browser.new_context(viewport=viewport)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    page.on("dialog", lambda dialog: dialog.accept())
    name = request.node.callspec.id

    # No till yet: the counter says so and links to the till.
    page.goto(f"{live_server.url}/box-office/shows/{show.pk}/")
    expect(page.locator("[data-till=none]")).to_contain_text("No till session open")
    axe(page)
    page.get_by_role("link", name="open a till session").click()
    page.get_by_label("Counter").fill("Counter 2")
    page.get_by_label("Opening float (counted)").fill("150.00")
    page.get_by_role("button", name="Open the till").click()
    expect(page.get_by_text("Till open at Counter 2 with a float of €150.00.")).to_be_visible()
    axe(page)

    sell(page, live_server.url, show, ["A1", "A2"], "Cash")  # €25.00 cash
    sell(page, live_server.url, show, ["B1"], "Card")  # €12.50 card
    page.get_by_role("link", name="Cancel booking…").click()
    page.get_by_label("Reason").fill("Wrong show")
    page.get_by_label("I am handing the €12.50 back now").check()
    page.get_by_role("button", name="Cancel the booking").click()
    expect(page.get_by_text(re.compile(r"is cancelled; its seats are free again"))).to_be_visible()

    page.goto(f"{live_server.url}/box-office/till/")
    expect(page.locator("[data-session]")).to_contain_text("3 payments and refunds recorded")
    page.screenshot(path=SHOTS / f"till-open-{name}.png", full_page=True)
    page.get_by_role("link", name="Count and close…").click()
    expect(page.locator("main")).not_to_contain_text("€175.00")  # blind: the expected cash is not shown
    axe(page)
    page.get_by_label("Cash counted in the drawer").fill("170.00")
    page.get_by_label("Card terminal total").fill("0.00")
    page.get_by_role("button", name="Close the till").click()
    expect(page.get_by_text("The count does not match what the till expects.")).to_be_visible()
    axe(page)
    page.get_by_label("Note").fill("Five euros short")
    page.get_by_role("button", name="Close the till").click()
    expect(page.get_by_text(re.compile(r"Till closed: Z \d{4}-\d\d-\d\d/001"))).to_be_visible()
    cash = page.locator("[data-count] [data-method=cash]")
    expect(cash).to_contain_text("€175.00")
    expect(cash).to_contain_text("€170.00")
    expect(cash).to_contain_text("−€5.00")
    expect(page.locator("[data-count] [data-method=card]")).to_contain_text("€0.00")
    page.screenshot(path=SHOTS / f"till-closed-{name}.png", full_page=True)
    axe(page)

    session = TillSession.objects.get(cashier=cashier)
    assert (session.expected_cash, session.counted_cash, session.cash_variance) == (
        Decimal("175.00"),
        Decimal("170.00"),
        Decimal("-5.00"),
    )
    assert csp_refusals.refused == []
    context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 1366, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_a_moderator_reviews_the_tills(browser, live_server, client, csp_refusals, axe, viewport, request):
    from bookings.tests.factories import sold_at_counter
    from boxoffice import services
    from boxoffice.tests.factories import till

    short, exact = (UserFactory(role=Role.SALESMAN, full_name=name) for name in ("Sam Short", "Eva Exact"))
    session = till(short, counter="Counter 1")
    sold_at_counter(salesman=short, method="cash")
    services.session_close(session=session, by=short, counted_cash=Decimal("107.50"), counted_card=0, note="Five short")
    till(exact, counter="Counter 2")
    moderator = UserFactory(role=Role.MODERATOR)
    sign_in_as(client, moderator)
    context = browser.new_context(viewport=viewport)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = csp_refusals(context.new_page())
    name = request.node.callspec.id

    page.goto(f"{live_server.url}/box-office/till/sessions/")
    row = page.locator(f"[data-session-row='{session.pk}']")
    expect(row).to_contain_text("Sam Short")
    expect(row).to_contain_text("−€5.00")
    expect(page.locator("[data-variances]")).to_contain_text("Sam Short")
    page.screenshot(path=SHOTS / f"sessions-{name}.png", full_page=True)
    axe(page)
    row.get_by_role("link", name=re.compile(r"^Z ")).click()
    axe(page)
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_text(re.compile(r"Z \d{4}-\d\d-\d\d/001 marked reviewed\."))).to_be_visible()
    page.get_by_role("link", name="Till sessions").first.click()
    page.get_by_role("link", name="Day close and Z report").click()
    page.get_by_role("button", name="Close the day").click()
    expect(page.get_by_text("cannot be closed while a till session is open: Counter 2 (Eva Exact).")).to_be_visible()
    page.screenshot(path=SHOTS / f"day-{name}.png", full_page=True)
    axe(page)
    assert csp_refusals.refused == []
    context.close()
