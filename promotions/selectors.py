"""Reads of the loyalty programme: a customer's tier, the count behind it, the way to the next."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from promotions.models import CustomerTier, Tier

WINDOW = timedelta(days=365)


def tickets_counted(customer, *, now: datetime | None = None) -> int:
    """Confirmed, not-cancelled tickets the customer bought in the trailing 12 months."""
    from bookings.models import Booking, Ticket

    now = now or timezone.now()
    return Ticket.objects.filter(
        booking__customer=customer,
        booking__status=Booking.Status.CONFIRMED,
        booking__confirmed_at__gt=now - WINDOW,
        status=Ticket.Status.CONFIRMED,
    ).count()


def tier_for_count(count: int, tiers: list[Tier]) -> Tier | None:
    """The highest tier whose threshold the count reaches."""
    reached = [tier for tier in tiers if count >= tier.min_tickets]
    return max(reached, key=lambda tier: tier.min_tickets) if reached else None


def customer_tier(customer) -> Tier | None:
    """The tier in force for pricing (as last computed)."""
    if customer is None or not customer.pk:
        return None
    loyalty = CustomerTier.objects.select_related("tier").filter(customer=customer).first()
    return loyalty.tier if loyalty else None


@dataclass
class LoyaltyStatus:
    tier: Tier | None
    tickets: int
    next_tier: Tier | None

    @property
    def needed(self) -> int:
        return max(0, self.next_tier.min_tickets - self.tickets) if self.next_tier else 0

    @property
    def progress_percent(self) -> int:
        if self.next_tier is None:
            return 100
        start = self.tier.min_tickets if self.tier else 0
        span = self.next_tier.min_tickets - start
        return max(0, min(100, round(100 * (self.tickets - start) / span))) if span else 100


def loyalty_status(customer) -> LoyaltyStatus:
    """For the dashboard card: current tier, tickets counted now, what the next tier needs."""
    tiers = list(Tier.objects.all())
    count = tickets_counted(customer)
    tier = customer_tier(customer)
    higher = [t for t in tiers if t.min_tickets > (tier.min_tickets if tier else 0)]
    return LoyaltyStatus(tier=tier, tickets=count, next_tier=higher[0] if higher else None)
