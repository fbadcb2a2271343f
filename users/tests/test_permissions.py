"""users/permissions.py: anonymous → login page, wrong role → 403, right role → the page."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from users.models import Role
from users.permissions import MANAGERS, RoleRequiredMixin, role_required
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = list(Role)


@pytest.mark.parametrize("page_role", ROLES)
@pytest.mark.parametrize("visitor_role", ROLES)
def test_each_role_dashboard_admits_only_its_role(client, sign_in, page_role, visitor_role):
    sign_in(UserFactory(role=visitor_role))
    response = client.get(reverse(f"dashboard:{page_role}"))
    if page_role == visitor_role:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert "This page is not for your role" in response.content.decode()


@pytest.mark.parametrize("page_role", ROLES)
def test_anonymous_visitors_are_sent_to_login(client, page_role):
    url = reverse(f"dashboard:{page_role}")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


class ManagersOnly(RoleRequiredMixin, View):
    allowed_roles = MANAGERS

    def get(self, request):
        return HttpResponse("schedule")


@role_required(*MANAGERS)
def managers_only(request):
    return HttpResponse("schedule")


def request_as(user):
    request = RequestFactory().get("/schedule/")
    request.user = user
    return request


@pytest.mark.parametrize("view", [ManagersOnly.as_view(), managers_only], ids=["mixin", "decorator"])
@pytest.mark.parametrize("role", ROLES)
def test_mixin_and_decorator_agree_for_every_role(view, role):
    request = request_as(UserFactory(role=role))
    if role in MANAGERS:
        assert view(request).content == b"schedule"
    else:
        with pytest.raises(PermissionDenied):
            view(request)


@pytest.mark.parametrize("view", [ManagersOnly.as_view(), managers_only], ids=["mixin", "decorator"])
def test_mixin_and_decorator_send_anonymous_to_login(view):
    response = view(request_as(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_deactivated_account_is_refused_even_with_the_right_role():
    user = UserFactory(role=Role.MODERATOR, is_active=False)
    with pytest.raises(PermissionDenied):
        managers_only(request_as(user))


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_reach_django_admin(client, sign_in, role):
    sign_in(UserFactory(role=role))
    response = client.get("/admin/", follow=True)
    assert response.status_code == (200 if role == Role.ADMIN else 403)


def test_user_admin_filters_by_role_and_searches(client, sign_in):
    sign_in(UserFactory(role=Role.ADMIN))
    UserFactory(email="sam@example.com", full_name="Sam Counter", role=Role.SALESMAN)
    UserFactory(email="cleo@example.com", full_name="Cleo Viewer")
    by_role = client.get("/admin/users/user/", {"role__exact": "salesman"}).content.decode()
    assert "sam@example.com" in by_role and "cleo@example.com" not in by_role
    by_name = client.get("/admin/users/user/", {"q": "Cleo"}).content.decode()
    assert "cleo@example.com" in by_name and "sam@example.com" not in by_name
