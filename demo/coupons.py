"""Demo coupons for `seed_demo`: one to try, one used up, one expired, one for groups."""

from datetime import timedelta

from django.utils import timezone

from coupons.models import Coupon
from coupons.services import coupon_save

DEMO_COUPONS = [
    # code, description, percent, days from now (from, until), usage limit, min tickets
    ("WELCOME10", "10% off your next visit", 10, (-30, 60), None, 1),
    ("GROUP20", "20% off for groups of four or more", 20, (-10, 90), 200, 4),
    ("PREMIERE50", "Premiere night, first five only", 50, (-5, 5), 5, 1),
    ("SUMMER25", "Last summer's offer", 25, (-200, -100), 1000, 1),
]


def seed_coupons() -> int:
    now = timezone.now()
    made = 0
    for code, description, percent, (start, end), limit, min_tickets in DEMO_COUPONS:
        if Coupon.objects.filter(code=code).exists():
            continue
        coupon = Coupon(
            code=code,
            description=description,
            percent_off=percent,
            valid_from=now + timedelta(days=start),
            valid_until=now + timedelta(days=end),
            usage_limit=limit,
            min_tickets=min_tickets,
        )
        coupon_save(coupon=coupon)
        made += 1
    return made
