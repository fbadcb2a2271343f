"""Support threads: customers write, Admins and Moderators answer, each side is told."""

import re

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification
from support import services
from support.models import Thread
from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "customer": UserFactory(),
        "other": UserFactory(),
        "moderator": UserFactory(role=Role.MODERATOR),
        "admin": UserFactory(role=Role.ADMIN),
        "salesman": UserFactory(role=Role.SALESMAN),
    }


def test_a_conversation_notifies_each_side(client, sign_in, people):
    sign_in(people["customer"])
    client.post(
        reverse("support:mine"), {"topic": "query", "subject": "Wheelchair access", "body": "Is hall 2 step-free?"}
    )
    thread = Thread.objects.get()
    assert Notification.objects.filter(user=people["moderator"], kind=Kind.MESSAGES).count() == 1
    services.message_post(thread=thread, author=people["moderator"], body="Yes, rows A and B.")
    thread.refresh_from_db()
    assert thread.assigned_to == people["moderator"] and thread.customer_unread
    assert Notification.objects.filter(user=people["customer"], title__contains="Wheelchair access").exists()
    page = client.get(reverse("support:thread", args=[thread.pk])).content.decode()
    assert "Yes, rows A and B." in page
    thread.refresh_from_db()
    assert not thread.customer_unread


@pytest.mark.parametrize(("who", "status"), [("other", 404), ("salesman", 403), ("moderator", 200), ("admin", 200)])
def test_only_the_customer_and_managers_see_a_thread(client, sign_in, people, who, status):
    thread = services.thread_open(customer=people["customer"], topic="complaint", subject="Cold hall", body="Brr")
    sign_in(people[who])
    assert client.get(reverse("support:thread", args=[thread.pk])).status_code == status
    response = client.post(reverse("support:reply", args=[thread.pk]), {"body": "Sneaky"})
    assert response.status_code == (302 if status == 200 else status)
    assert thread.messages.filter(body="Sneaky").exists() == (status == 200)


def test_inbox_shows_unread_first_and_filters_mine(client, sign_in, people):
    old = services.thread_open(customer=people["customer"], topic="query", subject="Old question", body="?")
    services.message_post(thread=old, author=people["admin"], body="Answered")
    new = services.thread_open(customer=people["other"], topic="feedback", subject="Great popcorn", body="!")
    sign_in(people["moderator"])
    listed = [t.subject for t in client.get(reverse("support:inbox")).context["threads"]]
    assert listed == [new.subject, old.subject]  # unread first, although older ones may be more recent
    client.post(reverse("support:assign", args=[new.pk]))
    mine = [t.subject for t in client.get(reverse("support:inbox"), {"mine": "1"}).context["threads"]]
    assert mine == ["Great popcorn"]
    client.post(reverse("support:close", args=[new.pk]))
    assert new.subject not in [t.subject for t in client.get(reverse("support:inbox")).context["threads"]]
    services.message_post(thread=Thread.objects.get(pk=new.pk), author=people["other"], body="One more thing")
    assert Thread.objects.get(pk=new.pk).status == "open"  # a customer's reply reopens it


def test_empty_messages_and_markup_are_handled(client, sign_in, people):
    sign_in(people["customer"])
    response = client.post(reverse("support:mine"), {"topic": "query", "subject": "x", "body": "   "})
    assert "This field is required" in response.content.decode()
    client.post(
        reverse("support:mine"), {"topic": "query", "subject": "<b>Hi</b>", "body": "<script>alert(1)</script>"}
    )
    page = client.get(reverse("support:thread", args=[Thread.objects.get().pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_support_thread_from_customer_to_moderator_and_back(browser, live_server, mailoutbox, axe):
    from playwright.sync_api import expect

    from users.tests.factories import PASSWORD
    from users.tests.helpers import last_code

    customer = UserFactory(email="mia@example.com", full_name="Mia Kino")
    moderator = UserFactory(email="mod@example.com", full_name="Mo Derator", role=Role.MODERATOR)

    def sign_in(page, user):
        page.goto(f"{live_server.url}/accounts/login/")
        axe(page)
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        if user.role == Role.MODERATOR:
            expect(page.locator("#id_code")).to_be_visible()
            axe(page)
            page.locator("#id_code").fill(last_code(mailoutbox))
            page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page).to_have_url(re.compile(r"/dashboard/"))
        axe(page)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    sign_in(page, customer)
    page.goto(f"{live_server.url}/support/")
    axe(page)
    page.get_by_label("About").select_option("query")
    page.get_by_label("Subject").fill("Lost umbrella")
    page.get_by_label("Message").fill("I left a red umbrella in hall 2 yesterday.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("I left a red umbrella in hall 2 yesterday.")).to_be_visible()
    axe(page)

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = desk.new_page()
    sign_in(staff, moderator)
    staff.goto(f"{live_server.url}/support/inbox/")
    axe(staff)
    staff.get_by_role("link", name=re.compile("Lost umbrella")).click()
    expect(staff.get_by_role("button", name="Assign to me")).to_be_visible()
    axe(staff)
    staff.get_by_role("button", name="Assign to me").click()
    staff.get_by_label("Reply").fill("We have it at the box office.")
    staff.get_by_role("button", name="Send reply").click()
    expect(staff.get_by_text("We have it at the box office.")).to_be_visible()
    axe(staff)
    desk.close()

    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("Reply to “Lost umbrella”")).to_be_visible()
    axe(page)
    page.goto(f"{live_server.url}/support/")
    axe(page)
    page.get_by_role("link", name=re.compile("Lost umbrella")).click()
    expect(page.get_by_text("We have it at the box office.")).to_be_visible()
    axe(page)
    page.get_by_label("Reply").fill("Thank you! I'll pick it up tonight.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("[data-message-body]")).to_have_count(3)
    axe(page)
    phone.close()
