"""Loyalty tiers: set from a ticket count (bookings counts, on each sale and nightly)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from promotions import signals
from promotions.models import CustomerTier, Tier, TierChange
from promotions.selectors import tier_for_count, tiers_all


def tier_set(
    *, customer, tickets: int, now: datetime | None = None, tier_list: list[Tier] | None = None
) -> TierChange | None:
    """Give the customer the tier their ticket count reaches; record and announce a change."""
    now = now or timezone.now()
    tier_list = tier_list if tier_list is not None else tiers_all()
    new_tier = tier_for_count(tickets, tier_list)
    # Most recounts keep the tier: then one UPDATE of the count, which only matches while the row
    # holds that tier (checked again under its row lock), is all. Otherwise the row is locked and
    # the change recorded.
    if CustomerTier.objects.filter(customer=customer, tier=new_tier).update(tickets_counted=tickets, computed_at=now):
        return None
    with transaction.atomic():
        loyalty, created = CustomerTier.objects.select_for_update().get_or_create(
            customer=customer, defaults={"tier": new_tier, "tickets_counted": tickets, "computed_at": now}
        )
        old_tier = None if created else loyalty.tier
        if not created:
            loyalty.tier, loyalty.tickets_counted, loyalty.computed_at = new_tier, tickets, now
            loyalty.save(update_fields=["tier", "tickets_counted", "computed_at"])
        if old_tier == new_tier:
            return None
        change = TierChange.objects.create(
            customer=customer, old_tier=old_tier, new_tier=new_tier, tickets_counted=tickets, at=now
        )
        signals.tier_changed.send(
            sender=TierChange, customer=customer, old_tier=old_tier, new_tier=new_tier, tickets_counted=tickets
        )
    return change
