from django.contrib import admin

from promotions import services
from promotions.models import CustomerTier, Tier, TierChange
from xcounter.admin_tools import ReadOnlyAdmin, run_service


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    """The thresholds and percentages are data Admins edit here; customers move on their next
    booking, their next cancellation or the nightly refresh."""

    list_display = ["name", "min_tickets", "percent_off"]


@admin.register(CustomerTier)
class CustomerTierAdmin(ReadOnlyAdmin):
    """Computed by tier_refresh from the tickets counted; recount here rather than edit."""

    list_display = ["customer", "tier", "tickets_counted", "computed_at"]
    list_filter = ["tier"]
    search_fields = ["customer__email", "customer__full_name"]
    actions = ["recount"]

    @admin.action(description="Recount the tier of the selected customers")
    def recount(self, request, queryset):
        run_service(
            self,
            request,
            queryset.select_related("customer"),
            call=lambda loyalty: services.tier_refresh(customer=loyalty.customer),
            refused=(),
            done="Recounted",
        )


@admin.register(TierChange)
class TierChangeAdmin(ReadOnlyAdmin):
    """The history tier_refresh writes."""

    list_display = ["customer", "old_tier", "new_tier", "tickets_counted", "at"]
    search_fields = ["customer__email"]
