"""Reads of the loyalty programme: a customer's tier and the way to the next."""

from dataclasses import dataclass
from datetime import timedelta

from promotions.models import CustomerTier, Tier
from xcounter.prepared import Prepared, fields_of, instances, related_fields

WINDOW = timedelta(days=365)  # tickets older than this no longer count toward a tier


def tier_for_count(count: int, tiers: list[Tier]) -> Tier | None:
    """The highest tier whose threshold the count reaches."""
    reached = [tier for tier in tiers if count >= tier.min_tickets]
    return max(reached, key=lambda tier: tier.min_tickets) if reached else None


# Priced on every checkout page and confirmation, recounted after every sale: these reads have their
# SQL written once per process (xcounter.prepared).
_tiers = Prepared(lambda: Tier.objects.values_list(*fields_of(Tier)))
_customer_tier = Prepared(
    lambda customer_id: (
        CustomerTier.objects.filter(customer_id=customer_id, tier__isnull=False)
        .order_by()
        .values_list(*related_fields("tier", Tier))
    ),
    -7_310_000_003,  # a marker no customer id is
)


def tiers_all() -> list[Tier]:
    """Every tier, lowest threshold first."""
    return [instances(row, Tier)[0] for row in _tiers.rows()]


def customer_tier(customer) -> Tier | None:
    """The tier in force for pricing (as last computed)."""
    if customer is None or not customer.pk:
        return None
    rows = _customer_tier.rows(customer.pk)  # one row per customer at most
    return instances(rows[0], Tier)[0] if rows else None


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


def loyalty_status(customer, *, tickets: int) -> LoyaltyStatus:
    """For the dashboard card: current tier, the tickets counted now, what the next tier needs."""
    tier = customer_tier(customer)
    higher = [t for t in tiers_all() if t.min_tickets > (tier.min_tickets if tier else 0)]
    return LoyaltyStatus(tier=tier, tickets=tickets, next_tier=higher[0] if higher else None)
