from django.contrib import admin

from promotions.models import CustomerTier, Tier, TierChange
from xcounter.admin_tools import ReadOnlyAdmin


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    """The thresholds and percentages are data Admins edit here; customers move on their next
    booking, their next cancellation or the nightly refresh."""

    list_display = ["name", "min_tickets", "percent_off"]


@admin.register(CustomerTier)
class CustomerTierAdmin(ReadOnlyAdmin):
    """Set from the ticket count by tier_set, on each sale and nightly; never by hand."""

    list_display = ["customer", "tier", "tickets_counted", "computed_at"]
    list_filter = ["tier"]
    search_fields = ["customer__email", "customer__full_name"]


@admin.register(TierChange)
class TierChangeAdmin(ReadOnlyAdmin):
    """The history tier_set writes."""

    list_display = ["customer", "old_tier", "new_tier", "tickets_counted", "at"]
    search_fields = ["customer__email"]
