from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.generic import TemplateView

from dashboard import selectors
from dashboard.forms import period_from
from sales.selectors import GENRES, SALE_DATE, SHOW_DATE
from users.models import Role
from users.permissions import RoleRequiredMixin

# What each section counts on, said on the page (the README's "Sales figures" defines them).
BASES = {"sale_date": SALE_DATE, "show_date": SHOW_DATE, "genres": GENRES}


@login_required
def home(request):
    """Send each role to its own dashboard."""
    return redirect(f"dashboard:{request.user.role}")


class RoleDashboard(RoleRequiredMixin, TemplateView):
    role: str

    def get_template_names(self):
        return [f"dashboard/{self.role}.html"]


class PeriodDashboard(RoleDashboard):
    """A dashboard with the period picker (GET: period, start, end)."""

    def get_context_data(self, **kwargs):
        period, form, message = period_from(self.request.GET)
        return {
            **super().get_context_data(**kwargs),
            **BASES,
            "period": period,
            "period_form": form,
            "period_message": message,
            "page": self.page(period),
        }


class AdminDashboard(PeriodDashboard):
    role = Role.ADMIN
    allowed_roles = (Role.ADMIN,)

    def page(self, period):
        return selectors.admin_page(period)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "fresh_seconds": selectors.ADMIN_FRESH_SECONDS}


class ModeratorDashboard(PeriodDashboard):
    role = Role.MODERATOR
    allowed_roles = (Role.MODERATOR,)

    def page(self, period):
        return selectors.moderator_page(self.request.user, period)


class SalesmanDashboard(RoleDashboard):
    role = Role.SALESMAN
    allowed_roles = (Role.SALESMAN,)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **BASES, "page": selectors.salesman_page(self.request.user)}


class CustomerDashboard(RoleDashboard):
    role = Role.CUSTOMER
    allowed_roles = (Role.CUSTOMER,)

    def get_context_data(self, **kwargs):
        page = selectors.customer_page(self.request.user)
        return {**super().get_context_data(**kwargs), "page": page, "loyalty": page.loyalty}
