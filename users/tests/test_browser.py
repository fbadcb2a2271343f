"""A new customer's first visit, in headless Chromium on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, playwright):
    device = {k: v for k, v in playwright.devices["Pixel 7"].items() if k != "default_browser_type"}
    context = browser.new_context(**device)
    yield context.new_page()
    context.close()


def test_signup_verify_login_dashboard_on_a_phone(phone, live_server, mailoutbox, csp_refusals, default_tiers):
    page = csp_refusals(phone)
    page.goto(live_server.url)
    # On a phone the menu is folded behind the toggler.
    page.get_by_role("button", name="Open the menu").click()
    # Wait for the menu to finish unfolding: a click during the animation can miss the link.
    expect(page.locator(".navbar-collapse")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    create_account = page.get_by_role("link", name="Create account")
    expect(create_account).to_be_visible()
    create_account.click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))

    page.get_by_label("Full name").fill("Mia Kino")
    page.locator("#id_email").fill("mia@example.com")
    page.locator("#id_password1").fill("popcorn-at-nine")
    page.locator("#id_password2").fill("popcorn-at-nine")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The verification mail carries the link; signing in before following it is refused.
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.locator("#id_login").fill("mia@example.com")
    page.locator("#id_password").fill("popcorn-at-nine")
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(re.compile(r"/dashboard/customer/$"))
    expect(page.get_by_role("heading", name="Your tickets")).to_be_visible()
    expect(page.get_by_role("progressbar", name="Progress to Silver")).to_be_visible()
    assert User.objects.get(email="mia@example.com").role == "customer"
    # Nothing spills sideways on a narrow screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Every page on the way kept to the Content-Security-Policy (no inline style or script refused).
    assert csp_refusals.refused == []
