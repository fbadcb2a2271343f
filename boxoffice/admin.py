from django.contrib import admin

from boxoffice.models import DayClose, TillEntry, TillSession
from xcounter.admin_tools import ReadOnlyAdmin


class EntryInline(admin.TabularInline):
    model = TillEntry
    fields = ["at", "kind", "method", "amount", "reason", "by", "payment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


# Tills change only through their services (a closed session is immutable): read-only here.
@admin.register(TillSession)
class TillSessionAdmin(ReadOnlyAdmin):
    list_display = ["counter", "cashier", "opened_at", "closed_at", "z_day", "z_number", "reviewed_at"]
    list_filter = ["counter", "z_day"]
    inlines = [EntryInline]


@admin.register(DayClose)
class DayCloseAdmin(ReadOnlyAdmin):
    list_display = ["day", "closed_by", "closed_at"]
