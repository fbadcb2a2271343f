"""Django admin never skips the account services: no accounts made there, no email, role or staff
status changed past their flows; names and phones go through user_update_profile."""

import re

import pytest
from allauth.account.models import EmailAddress

from employees.tests.factories import hire
from users.models import Role, User
from users.tests.factories import UserFactory
from users.tests.helpers import admin_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(sign_in):
    return sign_in(UserFactory(role=Role.ADMIN))


def change(user, **fields):
    """The user change form as a browser posts it (an unticked box is simply missing)."""
    data = {"email": user.email, "role": user.role, "full_name": user.full_name, "phone": user.phone, "_save": "Save"}
    return {**data, **fields}


def test_accounts_are_not_created_in_admin(client, admin_user):
    response = client.post(
        admin_url(User, "add"),
        {
            "email": "new.moderator@example.com",
            "role": Role.MODERATOR,
            "full_name": "New Moderator",
            "phone": "",
            "usable_password": "true",
            "password1": "a-long-enough-password-1",
            "password2": "a-long-enough-password-1",
            "_save": "Save",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="new.moderator@example.com").exists()


def test_an_admin_corrects_a_name_and_blocks_a_customer_but_cannot_change_email_or_role(client, admin_user):
    customer = UserFactory(email="ann@example.com")
    response = client.post(
        admin_url(User, "change", customer.pk),
        change(customer, email="mallory@example.com", role=Role.ADMIN, full_name="Ann Other", phone="+49 1"),
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.email, customer.role) == ("ann@example.com", Role.CUSTOMER)
    assert (customer.full_name, customer.phone, customer.is_active) == ("Ann Other", "+49 1", False)
    assert EmailAddress.objects.filter(user=customer, email="ann@example.com", verified=True).exists()


def test_an_employees_account_is_suspended_on_the_employee_pages_not_in_admin(client, admin_user):
    employee = hire(Role.SALESMAN)
    user = employee.user
    assert client.post(admin_url(User, "change", user.pk), change(user)).status_code == 302  # "Active" unticked
    user.refresh_from_db()
    employee.refresh_from_db()
    assert user.is_active and employee.status == employee.Status.ACTIVE


def test_an_address_or_a_sign_in_code_device_is_not_edited_in_admin(client, admin_user):
    from django_otp.plugins.otp_email.models import EmailDevice

    address = EmailAddress.objects.get(user=admin_user)
    device = EmailDevice.objects.get(user=admin_user)
    assert client.post(admin_url(EmailAddress, "change", address.pk), {"email": "x@evil.test"}).status_code == 403
    assert client.post(admin_url(EmailAddress, "add"), {"email": "x@evil.test"}).status_code == 403
    assert client.post(admin_url(EmailDevice, "change", device.pk), {"email": "x@evil.test"}).status_code == 403
    address.refresh_from_db()
    device.refresh_from_db()
    assert address.email == admin_user.email and not device.email


def test_there_are_no_permission_groups_beside_the_roles(client, admin_user):
    assert client.get("/admin/auth/group/").status_code == 404


def test_the_admin_index_names_the_sign_in_code_section_for_people(client, admin_user):
    page = client.get("/admin/").content.decode()
    sections = re.findall(r"<caption>\s*<a [^>]*>([^<]*)</a>", page)
    assert "Staff sign-in codes" in sections
    assert [name for name in sections if "_" in name or name.isupper()] == []  # was "Otp_Email" (shown uppercase)
