from django.contrib import admin

from boxoffice.models import DayClose, TillEntry, TillSession


class ReadOnly(admin.ModelAdmin):
    """Tills change only through their services (a closed session is immutable): read-only here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EntryInline(admin.TabularInline):
    model = TillEntry
    fields = ["at", "kind", "method", "amount", "reason", "by", "payment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TillSession)
class TillSessionAdmin(ReadOnly):
    list_display = ["counter", "cashier", "opened_at", "closed_at", "z_day", "z_number", "reviewed_at"]
    list_filter = ["counter", "z_day"]
    inlines = [EntryInline]


@admin.register(DayClose)
class DayCloseAdmin(ReadOnly):
    list_display = ["day", "closed_by", "closed_at"]
