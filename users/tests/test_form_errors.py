"""Form errors a screen reader finds: the box is an alert and every field it concerns points at it
(aria-describedby), on the forms crispy renders and on the hand-written ones alike."""

import re

import pytest
from django.urls import reverse

from users.models import Role
from users.tests.factories import UserFactory
from users.tests.helpers import last_code
from users.tests.test_two_factor import enter, start_login

pytestmark = pytest.mark.django_db


def tag(html, element_id):
    """The opening tag of the element with this id."""
    return re.search(rf'<[a-z]+\b[^>]*\bid="{element_id}"[^>]*>', html).group(0)


def described_by(html, element_id):
    return tag(html, element_id).split('aria-describedby="')[1].split('"')[0].split()


def test_a_failed_sign_in_is_an_alert_that_both_fields_point_at(client):
    UserFactory(email="mia@example.com")
    html = client.post(reverse("account_login"), {"login": "mia@example.com", "password": "not-hers"}).content.decode()
    box = tag(html, "form-errors")
    assert 'role="alert"' in box
    assert "The email address and/or password you specified are not correct." in html
    assert described_by(html, "id_login") == ["form-errors"]
    assert described_by(html, "id_password") == ["id_password_helptext", "form-errors"]


def test_a_field_error_on_sign_up_is_tied_to_its_field(client):
    html = client.post(
        reverse("account_signup"),
        {
            "full_name": "Mia Kino",
            "email": "not-an-email",
            "password1": "popcorn-at-nine",
            "password2": "popcorn-at-nine",
        },
    ).content.decode()
    assert 'aria-invalid="true"' in tag(html, "id_email")
    assert described_by(html, "id_email") == ["id_email_error"]
    assert "Enter a valid email address." in html.split('id="id_email_error"')[1].split("</div>")[0]
    assert "form-errors" not in html  # no error of the whole form, so no field points at one


def test_a_wrong_staff_code_is_tied_to_the_code_field(client, mailoutbox):
    staff = UserFactory(role=Role.MODERATOR)
    start_login(client, staff)
    right = last_code(mailoutbox)
    html = enter(client, "000000" if right != "000000" else "111111").content.decode()
    assert 'aria-invalid="true"' in tag(html, "id_code")
    assert described_by(html, "id_code") == ["code-help", "id_code_error"]
    assert "That code is not right. 4 attempts left." in html.split('id="id_code_error"')[1].split("</div></div>")[0]
