"""A moderator applies a penalty; the salesman sees it on their own page (real browser)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from employees.tests.factories import moderator_with_salesman
from users.tests.factories import PASSWORD
from users.tests.helpers import last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, email, axe, mailoutbox=None):
    page.goto(f"{base}/accounts/login/")
    axe(page)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if mailoutbox is not None:  # moderators enter the emailed code
        expect(page.get_by_role("heading", name=re.compile("Enter your sign-in code"))).to_be_visible()
        axe(page)
        page.locator("#id_code").fill(last_code(mailoutbox))
        page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/"))
    axe(page)


def test_moderator_penalty_is_seen_by_the_salesman(browser, live_server, mailoutbox, axe):
    moderator, salesman = moderator_with_salesman()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, moderator.user.email, axe, mailoutbox)
    page.goto(f"{live_server.url}/staff/employees/")
    axe(page)
    page.get_by_role("link", name=salesman.user.get_full_name()).click()
    expect(page.get_by_label("Entry")).to_be_visible()
    axe(page)
    page.get_by_label("Entry").select_option("penalty")
    page.get_by_label("Amount").fill("25.50")
    page.get_by_label("From / for month of").fill(timezone.localdate().isoformat())
    page.get_by_label("Reason").fill("Late for the evening shift")
    page.get_by_role("button", name="Add to the ledger").click()
    expect(page.get_by_text("Salary entry added")).to_be_visible()
    axe(page)
    context.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, live_server.url, salesman.user.email, axe)
    page.goto(f"{live_server.url}/staff/employees/me/")
    expect(page.get_by_text("Late for the evening shift")).to_be_visible()
    expect(page.get_by_text("−€25.50").first).to_be_visible()
    this_month = timezone.localdate().strftime("%B %Y")
    expect(page.locator("tr", has_text=this_month)).to_contain_text("−€25.50")
    axe(page)
    phone.close()
