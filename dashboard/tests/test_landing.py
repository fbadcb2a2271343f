import pytest
from django.urls import reverse

from users.models import Role
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLES = {
    Role.ADMIN: "Admin dashboard",
    Role.MODERATOR: "Moderator dashboard",
    Role.SALESMAN: "Box office",
    Role.CUSTOMER: "Your tickets",
}


@pytest.mark.parametrize("role", list(Role))
def test_dashboard_sends_each_role_to_its_own_page(client, sign_in, role):
    sign_in(UserFactory(role=role))
    response = client.get(reverse("dashboard:home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(f"dashboard:{role}")
    assert TITLES[role] in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_navbar_shows_django_admin_only_to_admins(client, sign_in, role):
    sign_in(UserFactory(role=role))
    body = client.get(reverse("home")).content.decode()
    assert ("Django admin" in body) == (role == Role.ADMIN)
    assert "Sign out" in body


def test_anonymous_navbar_offers_sign_in_and_account_creation(client):
    body = client.get(reverse("home")).content.decode()
    assert "Sign in" in body and "Create account" in body and "Dashboard" not in body


def test_unknown_page_is_a_styled_404(client):
    response = client.get("/no-such-show/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_server_error_page_renders_without_context(client, settings):
    from django.views.defaults import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
