from django.db.models import Count, F, Q, QuerySet

from coupons.models import Coupon


def coupons_with_uses() -> QuerySet[Coupon]:
    """Coupons with how often they are in use now (cancelled bookings gave theirs back)."""
    return (
        Coupon.objects.annotate(uses=Count("redemptions", filter=Q(redemptions__released_at__isnull=True)))
        .annotate(left=F("usage_limit") - F("uses"))
        .order_by("-is_active", "-valid_until", "code")
    )
