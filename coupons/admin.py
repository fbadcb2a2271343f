from django.contrib import admin

from coupons import services
from coupons.models import Coupon, Redemption
from xcounter.admin_tools import ReadOnlyAdmin, run_service


@admin.register(Coupon)
class CouponAdmin(ReadOnlyAdmin):
    """Coupons are created and edited on the site's coupon pages, which normalise codes and keep
    used ones intact; here they can only be deactivated."""

    list_display = ["code", "percent_off", "valid_from", "valid_until", "usage_limit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "description"]
    actions = ["deactivate"]

    @admin.action(description="Deactivate selected coupons")
    def deactivate(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            call=lambda coupon: services.coupon_deactivate(coupon=coupon),
            refused=(),
            done="Deactivated",
        )


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyAdmin):
    """Uses are written by checkout and given back by a cancellation, never by hand."""

    list_display = ["coupon", "booking", "customer", "amount", "created_at", "released_at"]
    search_fields = ["coupon__code", "booking__reference"]
