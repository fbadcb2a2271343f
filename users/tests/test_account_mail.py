"""Account mail (sign-up, email change, password reset) names the theater and links to SITE_URL,
whatever host the page was opened on, or with no request at all."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://tickets.example.com"
LINK = re.compile(r"""https?://[^\s"'<>]+""")


@pytest.fixture(autouse=True)
def theater(settings):
    settings.SITE_URL = SITE
    settings.THEATER_NAME = "Odeon Leipzig"
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def links(message) -> list[str]:
    html = "".join(content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html")
    return LINK.findall(message.body) + [link for link in LINK.findall(html) if "w3.org" not in link]


def assert_named_and_linked_to_the_site(message):
    assert message.body.startswith("Hello from Odeon Leipzig!"), message.body[:80]
    assert "Thank you for using Odeon Leipzig!\ntickets.example.com" in message.body
    for text in [message.body, *(content for content, _ in getattr(message, "alternatives", []))]:
        assert "from !" not in text and "using !" not in text
        assert not re.search(r"Hello\s*[,!]", text)  # a greeting without a name after it
        assert "testserver" not in text and "localhost" not in text
    assert all(link.startswith(f"{SITE}/") for link in links(message)), links(message)


def test_signup_email_change_and_password_reset_mails_name_the_theater_and_link_to_the_site(client, mailoutbox):
    # Sign-up: the verification mail.
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nina Nowak",
            "email": "nina@example.com",
            "password1": "popcorn-at-nine",
            "password2": "popcorn-at-nine",
        },
    )
    signup = mailoutbox[-1]
    assert signup.to == ["nina@example.com"] and "/accounts/confirm-email/" in signup.body

    # Email change: a confirmation to the new address, then a notice to the old one.
    user = UserFactory(email="old@example.com")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    confirm = mailoutbox[-1]
    assert confirm.to == ["new@example.com"]
    client.post(path_of(links(confirm)[0]))
    changed = mailoutbox[-1]
    assert changed.to == ["old@example.com"] and "new@example.com" in changed.body
    client.logout()

    # Password reset: the link, then a notice once the password is changed.
    client.post(reverse("account_reset_password"), {"email": "new@example.com"})
    reset = mailoutbox[-1]
    assert reset.to == ["new@example.com"] and "/accounts/password/reset/key/" in reset.body
    response = client.get(path_of(links(reset)[0]), follow=True)
    client.post(response.redirect_chain[-1][0], {"password1": "new-popcorn-pass", "password2": "new-popcorn-pass"})
    assert client.login(username="new@example.com", password="new-popcorn-pass")

    assert len(mailoutbox) >= 5
    for message in mailoutbox:
        assert_named_and_linked_to_the_site(message)


def test_a_verification_mail_sent_without_a_request_still_names_the_theater_and_links_to_the_site(mailoutbox):
    """A script or the shell re-sends a verification: there is no page, so no host to take a name from."""
    address = EmailAddress.objects.get(user=UserFactory(email="late@example.com", verified=False))
    address.send_confirmation(request=None)
    assert mailoutbox[-1].to == ["late@example.com"]
    assert_named_and_linked_to_the_site(mailoutbox[-1])
    assert re.search(rf"{SITE}/accounts/confirm-email/\S+/", mailoutbox[-1].body)
