"""No back door around the services: every model in Django admin has a decided policy, and no view
saves or deletes a model itself."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import RequestFactory

from users.models import Role
from users.tests.factories import UserFactory

# What an Admin may do in Django admin's own forms: (add, change, delete). Anything else a service
# owns is an admin action that calls it (see each admin.py). A newly registered model fails here
# until someone decides.
POLICY = {
    "outbox.outboundemail": (False, False, False),  # "Send again" is an action
    "account.emailaddress": (False, False, False),  # changes through the link sent to the address
    "otp_email.emaildevice": (False, False, False),  # the staff sign-in code's device
    "users.user": (False, True, True),  # name and phone via user_update_profile; email, role read-only
    "movies.genre": (True, True, True),  # via genre_save
    "movies.movie": (True, True, False),  # via movie_save; delete and archive are actions
    "movies.auditorium": (False, True, True),  # created with its layout on the site; seats read-only
    "movies.show": (False, False, False),  # cancel and delete are actions calling the services
    "bookings.booking": (False, False, False),
    "coupons.coupon": (False, False, False),  # deactivate is an action
    "coupons.redemption": (False, False, False),
    "promotions.tier": (True, True, True),  # data Admins own
    "promotions.customertier": (False, False, False),  # set from the ticket count by tier_set
    "promotions.tierchange": (False, False, False),
    "employees.employee": (False, False, False),
    "employees.salaryentry": (False, False, False),
    "employees.payroll": (False, False, False),
    "employees.employmentevent": (False, False, False),
    "employees.shift": (False, False, False),  # removing a future shift is an action
    "boxoffice.tillsession": (False, False, False),  # a closed till is immutable; corrections on the site
    "boxoffice.dayclose": (False, False, False),
    "notifications.announcement": (True, True, True),  # Admins schedule them here; no service writes them
    "notifications.notification": (False, False, False),  # written by notify()
}


@pytest.mark.django_db
def test_every_model_in_django_admin_has_a_decided_policy():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(role=Role.ADMIN)
    found = {
        model._meta.label_lower: (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
        for model, model_admin in admin.site._registry.items()
    }
    assert found == POLICY


def _saves_and_deletes(path: Path):
    """`x.delete()` and `x.save(...)` calls, except a form's save(commit=False) (the service saves)
    and allauth's form.save(request) (it sends a mail, it stores nothing)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr == "delete":
            yield f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} .delete()"
        elif node.func.attr == "save":
            commit_false = any(k.arg == "commit" and getattr(k.value, "value", True) is False for k in node.keywords)
            with_request = [getattr(a, "id", None) for a in node.args] == ["request"]
            if not (commit_false or with_request):
                yield f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} .save()"


def test_views_leave_saving_and_deleting_to_the_services():
    base = Path(settings.BASE_DIR)
    views = [*base.glob("*/views.py"), *base.glob("*/views/*.py")]
    assert len(views) > 10  # the glob found the project's views
    assert [call for path in sorted(views) for call in _saves_and_deletes(path)] == []
