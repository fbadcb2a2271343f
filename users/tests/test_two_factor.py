"""Admins and Moderators enter an emailed 6-digit code at every sign-in."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from notifications.models import Kind, Notification
from outbox.models import OutboundEmail
from users.models import Role
from users.tests.factories import PASSWORD, UserFactory
from users.tests.helpers import last_code

pytestmark = pytest.mark.django_db

CODE_PAGE = "/accounts/code/"


def start_login(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def enter(client, code):
    return client.post(CODE_PAGE, {"action": "verify", "code": code})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(params=[Role.ADMIN, Role.MODERATOR])
def staff(request):
    return UserFactory(role=request.param)


def test_right_code_signs_staff_in(client, staff, mailoutbox):
    response = start_login(client, staff)
    assert response["Location"] == CODE_PAGE
    assert not signed_in(client)
    assert mailoutbox[-1].to == [staff.email]
    code = last_code(mailoutbox)
    assert len(code) == 6

    response = enter(client, code)
    assert response.status_code == 302
    assert signed_in(client)
    dashboard = client.get(reverse("dashboard:home"), follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse(f"dashboard:{staff.role}")
    assert dashboard.status_code == 200


def test_code_with_spaces_is_accepted(client, staff, mailoutbox):
    start_login(client, staff)
    code = last_code(mailoutbox)
    enter(client, f" {code[:3]} {code[3:]} ")
    assert signed_in(client)


@pytest.mark.parametrize("role", [Role.SALESMAN, Role.CUSTOMER])
def test_salesmen_and_customers_are_not_asked(client, role, mailoutbox):
    user = UserFactory(role=role)
    response = start_login(client, user)
    assert response["Location"] == reverse("dashboard:home")
    assert signed_in(client)
    assert mailoutbox == []


def test_wrong_code_is_refused_with_attempts_left(client, staff, mailoutbox):
    start_login(client, staff)
    right = last_code(mailoutbox)
    wrong = "000000" if right != "000000" else "111111"
    response = enter(client, wrong)
    assert response.status_code == 200
    assert "That code is not right. 4 attempts left." in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize("typed", ["12345", "abcdef", "1234567", ""])
def test_malformed_code_is_explained(client, staff, typed):
    start_login(client, staff)
    response = enter(client, typed)
    assert response.status_code == 200
    assert not signed_in(client)
    body = response.content.decode()
    assert "6 digits from the email" in body or "This field is required" in body


def test_expired_code_is_refused(client, staff, mailoutbox):
    with freeze_time("2026-11-22 10:00:00") as clock:
        start_login(client, staff)
        code = last_code(mailoutbox)
        clock.tick(timedelta(minutes=10, seconds=1))
        response = enter(client, code)
    assert "This code has expired" in response.content.decode()
    assert not signed_in(client)


def test_code_still_works_just_before_ten_minutes(client, staff, mailoutbox):
    with freeze_time("2026-11-22 10:00:00") as clock:
        start_login(client, staff)
        clock.tick(timedelta(minutes=9, seconds=50))
        enter(client, last_code(mailoutbox))
    assert signed_in(client)


def test_resend_is_throttled_to_once_a_minute(client, staff, mailoutbox):
    with freeze_time("2026-11-22 10:00:00") as clock:
        start_login(client, staff)
        first = last_code(mailoutbox)
        response = client.post(CODE_PAGE, {"action": "resend"}, follow=True)
        assert "You can ask for another in" in response.content.decode()
        assert len(mailoutbox) == 1

        clock.tick(timedelta(seconds=61))
        response = client.post(CODE_PAGE, {"action": "resend"}, follow=True)
        assert "A new code is on its way" in response.content.decode()
        assert len(mailoutbox) == 2
        second = last_code(mailoutbox)
        if first != second:
            assert "no longer valid" in enter(client, first).content.decode() or not signed_in(client)
            clock.tick(timedelta(seconds=2))
        enter(client, second)
    assert signed_in(client)


def test_five_wrong_codes_void_the_code(client, staff, mailoutbox):
    with freeze_time("2026-11-22 10:00:00") as clock:
        start_login(client, staff)
        right = last_code(mailoutbox)
        wrong = "000000" if right != "000000" else "111111"
        for _ in range(5):
            response = enter(client, wrong)
            clock.tick(timedelta(seconds=20))  # wait out django-otp's growing delay between tries
        assert "this code is now void" in response.content.decode()
        response = enter(client, right)
        assert "no longer valid" in response.content.decode()
        assert not signed_in(client)


def test_right_code_right_after_a_wrong_one_asks_to_wait(client, staff, mailoutbox):
    with freeze_time("2026-11-22 10:00:00"):
        start_login(client, staff)
        right = last_code(mailoutbox)
        enter(client, "000000" if right != "000000" else "111111")
        response = enter(client, right)
    assert "Wait 1 s" in response.content.decode()
    assert not signed_in(client)


@pytest.mark.parametrize(
    "url", ["/dashboard/", "/dashboard/admin/", "/dashboard/moderator/", "/admin/", "/profile/", "/"]
)
def test_every_page_sends_a_pending_staff_sign_in_back_to_the_code(client, staff, url):
    start_login(client, staff)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == CODE_PAGE
    assert not signed_in(client)


def test_cancel_leaves_the_code_page_signed_out(client, staff):
    start_login(client, staff)
    response = client.post(CODE_PAGE, {"action": "cancel"})
    assert response["Location"] == reverse("account_login")
    assert client.get("/").status_code == 200
    assert not signed_in(client)


def test_each_sign_in_emails_a_new_code(client, staff, mailoutbox):
    start_login(client, staff)
    enter(client, last_code(mailoutbox))
    client.post(reverse("account_logout"))
    start_login(client, staff)
    assert len([m for m in mailoutbox if "sign-in code" in m.subject]) == 2


def test_staff_session_that_skipped_the_code_is_signed_out(client, staff):
    client.force_login(staff)  # e.g. a session from before 2FA, or another login path
    response = client.get(reverse("dashboard:home"))
    assert response["Location"] == reverse("account_login")
    assert not signed_in(client)


def test_code_page_without_a_pending_sign_in_goes_to_login(client):
    assert client.get(CODE_PAGE)["Location"] == reverse("account_login")


def test_django_admin_sign_in_also_asks_for_the_code(client, mailoutbox):
    admin = UserFactory(role=Role.ADMIN)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("admin:login"))
    login = client.get(response["Location"])
    assert login["Location"].startswith(reverse("account_login"))
    start_login(client, admin)
    assert client.get("/admin/")["Location"] == CODE_PAGE
    enter(client, last_code(mailoutbox))
    assert client.get("/admin/").status_code == 200


def wrong_for(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def test_a_guesser_with_the_password_cannot_lock_the_owner_out_and_the_admins_are_told(staff, mailoutbox, settings):
    settings.STAFF_OTP_MAX_FAILURES_PER_HOUR = 6
    other_admin = UserFactory(role=Role.ADMIN)
    guesser, owner = Client(), Client()
    with freeze_time("2026-11-22 10:00:00") as clock:
        for sign_in in range(2):  # two sign-ins with the password, three wrong codes each
            if sign_in:
                guesser.post(CODE_PAGE, {"action": "cancel"})
            start_login(guesser, staff)
            right = last_code(mailoutbox)
            for _ in range(3):
                response = enter(guesser, wrong_for(right))
                clock.tick(timedelta(seconds=20))  # wait out django-otp's growing delay between tries
        # Over the hourly limit: the code the guesser was working on is void ...
        assert "Sign in again with your password" in response.content.decode()
        assert "no longer valid" in enter(guesser, right).content.decode()
        # ... from now on one wrong code voids a code, and only the password again gets a new one.
        guesser.post(CODE_PAGE, {"action": "cancel"})
        start_login(guesser, staff)
        right = last_code(mailoutbox)
        assert "Sign in again with your password" in enter(guesser, wrong_for(right)).content.decode()
        clock.tick(timedelta(seconds=20))
        assert "no longer valid" in enter(guesser, right).content.decode()
        resend = guesser.post(CODE_PAGE, {"action": "resend"}, follow=True).content.decode()
        assert "Sign in again with your password" in resend
        assert not signed_in(guesser)

        # The owner signs in with the password and the code they are sent works.
        start_login(owner, staff)
        enter(owner, last_code(mailoutbox))
    assert signed_in(owner)
    told = Notification.objects.filter(
        kind=Kind.STAFF, title=f"6 wrong sign-in codes for {staff.email} in the last hour"
    )
    assert {notice.user for notice in told} == {staff, other_admin}
    mailed = OutboundEmail.objects.filter(subject__contains="wrong sign-in codes").values_list("to", flat=True)
    assert set(mailed) == {staff.email, other_admin.email}


def test_the_code_page_says_when_the_code_could_not_be_sent_and_offers_a_new_one(client, staff, settings, mailoutbox):
    settings.EMAIL_BACKEND = "users.tests.test_accounts.SMTPDown"
    start_login(client, staff)
    page = client.get(CODE_PAGE).content.decode()
    assert "We emailed a 6-digit code" not in page
    assert "We could not email your code just now" in page and "No code was sent to" in page
    assert page.count('value="resend"') == 2  # in the warning, and below the form

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = client.post(CODE_PAGE, {"action": "resend"}, follow=True).content.decode()
    assert "A new code is on its way" in page and "We emailed a 6-digit code" in page
    assert "could not email" not in page
    enter(client, last_code(mailoutbox))
    assert signed_in(client)


def test_staff_sign_in_while_the_mail_server_is_down_explains_and_allows_a_retry(client, staff, settings):
    settings.EMAIL_BACKEND = "users.tests.test_accounts.SMTPDown"
    response = start_login(client, staff)
    assert response["Location"] == CODE_PAGE  # no 500: the code page is shown
    with freeze_time(timezone.now() + timedelta(seconds=61)):
        page = client.post(CODE_PAGE, {"action": "resend"}, follow=True)
    assert "We could not email your code just now" in page.content.decode()
    assert not signed_in(client)
