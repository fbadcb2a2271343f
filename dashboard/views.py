from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.generic import TemplateView

from bookings.loyalty import loyalty_status
from users.models import Role
from users.permissions import RoleRequiredMixin


@login_required
def home(request):
    """Send each role to its own dashboard."""
    return redirect(f"dashboard:{request.user.role}")


class RoleDashboard(RoleRequiredMixin, TemplateView):
    role: str

    def get_template_names(self):
        return [f"dashboard/{self.role}.html"]


class AdminDashboard(RoleDashboard):
    role = Role.ADMIN
    allowed_roles = (Role.ADMIN,)


class ModeratorDashboard(RoleDashboard):
    role = Role.MODERATOR
    allowed_roles = (Role.MODERATOR,)


class SalesmanDashboard(RoleDashboard):
    role = Role.SALESMAN
    allowed_roles = (Role.SALESMAN,)


class CustomerDashboard(RoleDashboard):
    role = Role.CUSTOMER
    allowed_roles = (Role.CUSTOMER,)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "loyalty": loyalty_status(self.request.user)}
