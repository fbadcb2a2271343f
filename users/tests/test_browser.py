"""A new customer's first visit, in headless Chromium on a phone-sized screen."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from notifications.models import Kind, Notification
from users.models import Role, User
from users.tests.factories import UserFactory
from users.tests.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, playwright):
    device = {k: v for k, v in playwright.devices["Pixel 7"].items() if k != "default_browser_type"}
    context = browser.new_context(**device)
    yield context.new_page()
    context.close()


def test_signup_verify_login_dashboard_on_a_phone(phone, live_server, mailoutbox, csp_refusals, default_tiers, axe):
    page = csp_refusals(phone)
    page.goto(live_server.url)
    axe(page)
    # On a phone the menu is folded behind the toggler.
    page.get_by_role("button", name="Open the menu").click()
    # Wait for the menu to finish unfolding: a click during the animation can miss the link.
    expect(page.locator(".navbar-collapse")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    create_account = page.get_by_role("link", name="Create account")
    expect(create_account).to_be_visible()
    axe(page)  # the menu unfolded
    create_account.click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    axe(page)

    page.get_by_label("Full name").fill("Mia Kino")
    page.locator("#id_email").fill("mia@example.com")
    page.locator("#id_password1").fill("popcorn-at-nine")
    page.locator("#id_password2").fill("popcorn-at-nine")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    axe(page)

    # The verification mail carries the link; signing in before following it is refused.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    axe(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    axe(page)

    page.locator("#id_login").fill("mia@example.com")
    page.locator("#id_password").fill("popcorn-at-nine")
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/dashboard/customer/$"))
    expect(page.get_by_role("heading", name="Your tickets")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progress to Silver")).to_be_visible()
    axe(page)
    assert User.objects.get(email="mia@example.com").role == "customer"
    # Nothing spills sideways on a narrow screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Every page on the way kept to the Content-Security-Policy (no inline style or script refused).
    assert csp_refusals.refused == []


def test_sign_in_and_sign_up_errors_are_announced_and_pass_the_accessibility_check(browser, live_server, axe):
    UserFactory(email="mia@example.com")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill("mia@example.com")
    page.locator("#id_password").fill("not-her-password")
    page.get_by_role("button", name="Sign In").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("The email address and/or password you specified are not correct.")
    # A screen reader on the password field hears the reason too.
    expect(page.get_by_label("Password")).to_have_accessible_description(
        "Forgot your password? The email address and/or password you specified are not correct."
    )
    axe(page)

    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Full name").fill("Mo Kino")
    page.locator("#id_email").fill("mia@example.com")
    page.locator("#id_password1").fill("popcorn-at-nine")
    page.locator("#id_password2").fill("popcorn-at-ten")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator("#id_password2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_password2")).to_have_accessible_description("You must type the same password each time.")
    axe(page)
    context.close()


# --- The navbar in every role (issue 14, point 11) -----------------------------------------

ROLES = [None, Role.CUSTOMER, Role.SALESMAN, Role.MODERATOR, Role.ADMIN]


def open_as(browser, live_server, role, width):
    """A page of the site at this width, signed in with this role (None: a visitor)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    if role is not None:
        # A long first name and unread notices: the widest navbar a person of this role gets.
        user = UserFactory(role=role, full_name="Maximiliane Featherstonehaugh-Smythe")
        for n in range(12):
            Notification.objects.create(user=user, kind=Kind.MESSAGES, title=f"Notice {n}")
        client = Client()
        sign_in_as(client, user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/schedule/")
    return context, page


NAVBAR_GEOMETRY = """() => {
  const nav = document.querySelector('.site-navbar');
  const items = [...nav.querySelectorAll('.navbar-brand, .navbar-toggler, .navbar-nav > .nav-item')]
    .filter((el) => el.getClientRects().length);
  const middles = items.map((el) => { const r = el.getBoundingClientRect(); return (r.top + r.bottom) / 2; });
  const rights = items.map((el) => el.getBoundingClientRect().right);
  return {
    height: nav.getBoundingClientRect().height,
    spread: Math.max(...middles) - Math.min(...middles),
    right: Math.max(...rights),
    width: window.innerWidth,
    scroll: document.documentElement.scrollWidth,
    items: items.length,
  };
}"""


@pytest.mark.parametrize("width", [1024, 1366])
@pytest.mark.parametrize("role", ROLES, ids=lambda role: role or "visitor")
def test_navbar_is_one_line_for_every_role_from_1024_px(browser, live_server, csp_refusals, role, width, axe):
    context, page = open_as(browser, live_server, role, width)
    axe(page)
    geometry = page.evaluate(NAVBAR_GEOMETRY)
    assert geometry["spread"] <= 4, geometry  # brand, links, bell and the person on one line
    assert geometry["height"] <= 64, geometry  # one line high (the brand's line and padding)
    assert geometry["right"] <= geometry["width"] and geometry["scroll"] <= geometry["width"], geometry
    if role is not None:
        expect(page.locator(".site-navbar [data-role-badge]")).to_be_in_viewport(ratio=1)
    context.close()


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.ADMIN])
def test_navbar_collapses_cleanly_below_1024_px(browser, live_server, csp_refusals, role, axe):
    context, page = open_as(browser, live_server, role, 800)
    page = csp_refusals(page)
    page.reload()
    geometry = page.evaluate(NAVBAR_GEOMETRY)
    assert geometry["items"] == 2 and geometry["spread"] <= 4, geometry  # the brand and the toggler
    page.get_by_role("button", name="Open the menu").click()
    expect(page.locator(".navbar-collapse")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(page.get_by_role("link", name="Schedule")).to_be_visible()
    if role == Role.ADMIN:
        page.get_by_role("button", name="Manage").click()
        expect(page.get_by_role("link", name="Coupons")).to_be_visible()
    axe(page)  # the menu unfolded
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert csp_refusals.refused == []
    context.close()
