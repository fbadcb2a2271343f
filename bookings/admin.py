from django.contrib import admin

from bookings.models import Booking, BookingEvent, Payment, Ticket
from xcounter.admin_tools import ReadOnlyAdmin


class TicketInline(admin.TabularInline):
    model = Ticket
    extra = 0
    fields = ["seat", "category", "price", "status", "code", "used_at"]
    readonly_fields = fields
    can_delete = False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    readonly_fields = ["method", "amount", "provider", "provider_reference", "recorded_at", "recorded_by"]
    can_delete = False


class EventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    readonly_fields = ["at", "by", "action", "details"]
    can_delete = False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    """Read-only: bookings change only through the site's booking pages, which keep seats and money right."""

    list_display = ["reference", "show", "customer", "channel", "status", "payment_status", "total", "created_at"]
    list_filter = ["status", "channel", "payment_status"]
    search_fields = ["reference", "customer__email", "customer__full_name", "guest_name", "invoice_number"]
    list_select_related = ["show__movie", "show__auditorium", "customer"]
    date_hierarchy = "created_at"
    inlines = [TicketInline, PaymentInline, EventInline]
