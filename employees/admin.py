from django.contrib import admin

from employees import services
from employees.models import Employee, EmploymentEvent, Payroll, SalaryEntry, Shift
from xcounter.admin_tools import ReadOnlyAdmin, run_service


@admin.register(Employee)
class EmployeeAdmin(ReadOnlyAdmin):
    """Staff are hired, suspended, promoted and terminated on the site's employee pages, which keep
    the history."""

    list_display = ["user", "status", "started_on", "supervisor"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name"]


# Ledgers and histories are written by the services only; a correction is a new entry.


@admin.register(SalaryEntry)
class SalaryEntryAdmin(ReadOnlyAdmin):
    list_display = ["employee", "kind", "amount", "effective_on", "reason", "by", "at"]
    list_filter = ["kind"]


@admin.register(Payroll)
class PayrollAdmin(ReadOnlyAdmin):
    list_display = ["employee", "month", "base", "bonuses", "penalties", "total", "paid_on", "paid_by"]


@admin.register(EmploymentEvent)
class EmploymentEventAdmin(ReadOnlyAdmin):
    list_display = ["employee", "kind", "reason", "on", "by"]


@admin.register(Shift)
class ShiftAdmin(ReadOnlyAdmin):
    """Shifts are assigned on the site (no overlaps, salesmen only); a future one can be removed here."""

    list_display = ["employee", "day", "starts", "ends", "counter"]
    list_filter = ["counter"]
    actions = ["remove"]

    @admin.action(description="Remove selected shifts (only those not started)")
    def remove(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            call=lambda shift: services.shift_remove(shift=shift),
            refused=(services.EmployeeError,),
            done="Removed",
        )
