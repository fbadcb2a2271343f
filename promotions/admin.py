from django.contrib import admin

from promotions.models import CustomerTier, Tier, TierChange


@admin.register(Tier)
class TierAdmin(admin.ModelAdmin):
    list_display = ["name", "min_tickets", "percent_off"]


@admin.register(CustomerTier)
class CustomerTierAdmin(admin.ModelAdmin):
    list_display = ["customer", "tier", "tickets_counted", "computed_at"]
    list_filter = ["tier"]
    search_fields = ["customer__email", "customer__full_name"]
    readonly_fields = ["customer", "tier", "tickets_counted", "computed_at"]


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    list_display = ["customer", "old_tier", "new_tier", "tickets_counted", "at"]
    search_fields = ["customer__email"]
    readonly_fields = ["customer", "old_tier", "new_tier", "tickets_counted", "at"]
