"""Customer accounts: signup, mandatory verification, email change, bad input."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from users.models import Role, User
from users.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_signup_verify_then_login_lands_on_customer_dashboard(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Kino",
            "email": "Nina@Example.com",
            "password1": "popcorn-at-nine",
            "password2": "popcorn-at-nine",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="nina@example.com")
    assert user.role == Role.CUSTOMER
    assert not client.get(reverse("dashboard:home")).wsgi_request.user.is_authenticated

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nina@example.com"]
    assert "Hello from XCounter Cinema!" in mailoutbox[0].body  # allauth's context reaches the templates
    confirm_url = link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    assert client.post(confirm_url).status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = log_in(client, "nina@example.com", "popcorn-at-nine")
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).redirect_chain[-1][0] == reverse("dashboard:customer")


def test_login_refused_until_email_is_verified(client, mailoutbox):
    UserFactory(email="late@example.com", verified=False)
    response = log_in(client, "late@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard:home"))["Location"].startswith(reverse("account_login"))
    # A fresh verification link is sent so the customer can finish.
    assert mailoutbox and "confirm" in mailoutbox[-1].body.lower()


def test_staff_account_created_without_verification_must_verify_too(client, mailoutbox):
    UserFactory(email="new.salesman@example.com", role=Role.SALESMAN, verified=False)
    response = log_in(client, "new.salesman@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "taken@example.com", "password1": "popcorn-at-nine", "password2": "popcorn-at-nine"}, "already"),
        ({"email": "weak@example.com", "password1": "12345678", "password2": "12345678"}, "too short"),
        ({"email": "weak@example.com", "password1": "password123", "password2": "password123"}, "too common"),
        ({"email": "typo@example.com", "password1": "popcorn-at-nine", "password2": "popcorn-at-ten"}, "same password"),
        ({"email": "not-an-email", "password1": "popcorn-at-nine", "password2": "popcorn-at-nine"}, "valid email"),
    ],
)
def test_signup_bad_input_is_explained_on_the_form(client, form, message):
    UserFactory(email="taken@example.com")
    response = client.post(reverse("account_signup"), {"full_name": "Nina Kino", **form})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.filter(email=form["email"]).count() == (1 if form["email"] == "taken@example.com" else 0)


def test_wrong_password_is_explained_on_the_form(client):
    UserFactory(email="nina@example.com")
    response = log_in(client, "nina@example.com", "not-my-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="nina@example.com")
    for _ in range(5):
        log_in(client, "nina@example.com", "guess")
    response = log_in(client, "nina@example.com", PASSWORD)
    assert response.status_code != 302
    assert "Too many failed login attempts" in response.content.decode()


def test_email_change_takes_effect_only_after_the_new_address_confirms(client, mailoutbox):
    user = UserFactory(email="old@example.com")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.com"
    to_new = [m for m in mailoutbox if m.to == ["new@example.com"]]
    assert len(to_new) == 1

    client.post(link_in(to_new[0]))
    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert EmailAddress.objects.get(user=user, primary=True).email == "new@example.com"
    # The old address is told about the change.
    assert any(m.to == ["old@example.com"] for m in mailoutbox)


def test_password_reset_by_email(client, mailoutbox):
    UserFactory(email="nina@example.com")
    client.post(reverse("account_reset_password"), {"email": "nina@example.com"})
    reset_url = link_in(mailoutbox[-1])
    response = client.get(reset_url, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    client.post(form_url, {"password1": "new-popcorn-pass", "password2": "new-popcorn-pass"})
    assert log_in(client, "nina@example.com", "new-popcorn-pass").status_code == 302


def test_createsuperuser_makes_a_verified_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "boss-of-the-booth")
    call_command("createsuperuser", "--noinput", "--email", "Boss@Example.com", verbosity=0)
    boss = User.objects.get(email="boss@example.com")
    assert boss.role == Role.ADMIN and boss.is_superuser and boss.is_staff
    assert EmailAddress.objects.get(user=boss).verified


def test_profile_edits_name_and_phone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("users:profile"), {"full_name": "Nina Kino", "phone": "+49 170 1234567"}, follow=True
    )
    assert "Your profile is saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("Nina Kino", "+49 170 1234567")


def test_profile_refuses_a_phone_made_of_letters(client):
    user = UserFactory(phone="")
    client.force_login(user)
    response = client.post(reverse("users:profile"), {"full_name": "Nina", "phone": "call me maybe"})
    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == ""


class SMTPDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


def test_signup_works_while_the_mail_server_is_down_and_the_mail_waits_in_the_outbox(client, settings):
    from outbox.models import OutboundEmail

    settings.EMAIL_BACKEND = "users.tests.test_accounts.SMTPDown"
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Kino",
            "email": "late@example.com",
            "password1": "popcorn-at-nine",
            "password2": "popcorn-at-nine",
        },
    )
    assert response.status_code == 302
    waiting = OutboundEmail.objects.get(to="late@example.com")
    assert waiting.status == "queued" and "confirm" in waiting.body_text.lower()


# --- Names (issue 14, point 10) ------------------------------------------------------------


def test_signup_asks_for_the_full_name_and_keeps_it(client):
    form = {"email": "newbie@example.com", "password1": "popcorn-at-nine", "password2": "popcorn-at-nine"}
    response = client.post(reverse("account_signup"), {**form, "full_name": "   "})
    assert response.status_code == 200
    assert 'name="full_name"' in response.content.decode()
    assert "Tell us your name" in response.content.decode()
    assert not User.objects.filter(email="newbie@example.com").exists()

    response = client.post(reverse("account_signup"), {**form, "full_name": "  Nina   Kowalska "})
    assert response.status_code == 302
    assert User.objects.get(email="newbie@example.com").full_name == "Nina Kowalska"


@pytest.mark.parametrize(
    ("full_name", "shown"), [("Nina Kowalska", "Nina"), ("", "newbie")], ids=["first name", "before the @"]
)
def test_navbar_shows_a_short_display_name(client, full_name, shown):
    client.force_login(UserFactory(email="newbie@example.com", full_name=full_name))
    page = client.get(reverse("movies:now_showing")).content.decode()
    account_menu = page[page.index("data-account-menu>") :]
    account_menu = account_menu[: account_menu.index("</a>")]  # what the navbar shows of the person
    assert f"data-display-name>{shown}</span>" in account_menu
    assert "newbie@example.com" not in account_menu
