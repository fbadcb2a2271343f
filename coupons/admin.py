from django.contrib import admin

from coupons.models import Coupon, Redemption


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    """Read-only here: coupons are managed on the site's coupon pages, which keep used ones intact."""

    list_display = ["code", "percent_off", "valid_from", "valid_until", "usage_limit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "description"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Redemption)
class RedemptionAdmin(admin.ModelAdmin):
    list_display = ["coupon", "booking", "customer", "amount", "created_at", "released_at"]
    search_fields = ["coupon__code", "booking__reference"]
    readonly_fields = ["coupon", "booking", "customer", "amount", "created_at", "released_at"]
