"""Loyalty tiers: recomputed when a booking is confirmed or cancelled, and nightly."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from promotions import signals
from promotions.models import CustomerTier, Tier, TierChange
from promotions.selectors import WINDOW, tickets_counted, tier_for_count


def tier_refresh(*, customer, now: datetime | None = None, tiers: list[Tier] | None = None) -> TierChange | None:
    """Recount a customer's tickets; record and announce a change of tier."""
    if customer is None:
        return None
    now = now or timezone.now()
    tiers = tiers if tiers is not None else list(Tier.objects.all())
    with transaction.atomic():
        loyalty, _ = CustomerTier.objects.select_for_update().get_or_create(
            customer=customer, defaults={"computed_at": now}
        )
        count = tickets_counted(customer, now=now)
        new_tier = tier_for_count(count, tiers)
        old_tier = loyalty.tier
        loyalty.tier, loyalty.tickets_counted, loyalty.computed_at = new_tier, count, now
        loyalty.save(update_fields=["tier", "tickets_counted", "computed_at"])
        if old_tier == new_tier:
            return None
        change = TierChange.objects.create(
            customer=customer, old_tier=old_tier, new_tier=new_tier, tickets_counted=count, at=now
        )
        signals.tier_changed.send(
            sender=TierChange, customer=customer, old_tier=old_tier, new_tier=new_tier, tickets_counted=count
        )
    return change


def tiers_refresh_all(*, now: datetime | None = None) -> tuple[int, int]:
    """Nightly: everyone with a tier or a purchase in the window, so old tickets age out."""
    from bookings.models import Booking
    from users.models import User

    now = now or timezone.now()
    tiers = list(Tier.objects.all())
    recent = Booking.objects.filter(status=Booking.Status.CONFIRMED, confirmed_at__gt=now - WINDOW).values("customer")
    customers = User.objects.filter(pk__in=recent) | User.objects.filter(loyalty__tier__isnull=False)
    checked = changed = 0
    for customer in customers.distinct().iterator():
        checked += 1
        changed += bool(tier_refresh(customer=customer, now=now, tiers=tiers))
    return checked, changed
