from django.contrib import admin

from employees.models import Employee, EmploymentEvent, Payroll, SalaryEntry, Shift


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    """Read-only: staff are managed on the site's employee pages, which keep the history."""

    list_display = ["user", "status", "started_on", "supervisor"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Ledgers and histories are written by the services only; a correction is a new entry."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["employee", "day", "starts", "ends", "counter"]
    list_filter = ["counter"]
