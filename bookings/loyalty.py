"""What counts toward a loyalty tier: a customer's confirmed tickets of the trailing 12 months.

The tiers themselves (thresholds, percentages, history) are `promotions`' — a lower app that
knows nothing of bookings; this module counts the tickets and hands promotions the number.
"""

from datetime import UTC, datetime

from django.db.models import Count
from django.utils import timezone

from bookings.models import Booking, Ticket
from promotions import selectors as tiers
from promotions.models import Tier, TierChange
from promotions.services import tier_set
from users.models import User
from xcounter.prepared import Prepared

# Counted after every sale: its SQL written once per process (xcounter.prepared).
_counted = Prepared(
    lambda customer_id, since: (
        Ticket.objects.filter(
            booking__customer_id=customer_id,
            booking__status=Booking.Status.CONFIRMED,
            booking__confirmed_at__gt=since,
            status=Ticket.Status.CONFIRMED,
        )
        .order_by()
        .values("booking__customer_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    ),
    -7_310_000_004,  # markers no customer id and no sale time are
    datetime(1901, 2, 3, 4, 5, 6, 789_013, tzinfo=UTC),
)


def tickets_counted(customer, *, now: datetime | None = None) -> int:
    """Confirmed, not-cancelled tickets the customer bought in the trailing 12 months."""
    now = now or timezone.now()
    rows = _counted.rows(customer.pk, now - tiers.WINDOW)
    return rows[0][0] if rows else 0


def tier_refresh(*, customer, now: datetime | None = None, tier_list: list[Tier] | None = None) -> TierChange | None:
    """Recount a customer's tickets; promotions records and announces a change of tier."""
    if customer is None:
        return None
    now = now or timezone.now()
    return tier_set(customer=customer, tickets=tickets_counted(customer, now=now), now=now, tier_list=tier_list)


def tiers_refresh_all(*, now: datetime | None = None) -> tuple[int, int]:
    """Nightly: everyone with a tier or a purchase in the window, so old tickets age out."""
    now = now or timezone.now()
    tier_list = tiers.tiers_all()
    recent = Booking.objects.filter(status=Booking.Status.CONFIRMED, confirmed_at__gt=now - tiers.WINDOW).values(
        "customer"
    )
    customers = User.objects.filter(pk__in=recent) | User.objects.filter(loyalty__tier__isnull=False)
    checked = changed = 0
    for customer in customers.distinct().iterator():
        checked += 1
        changed += bool(tier_refresh(customer=customer, now=now, tier_list=tier_list))
    return checked, changed


def loyalty_status(customer) -> tiers.LoyaltyStatus:
    """For the dashboard card: current tier, tickets counted now, what the next tier needs."""
    return tiers.loyalty_status(customer, tickets=tickets_counted(customer))
